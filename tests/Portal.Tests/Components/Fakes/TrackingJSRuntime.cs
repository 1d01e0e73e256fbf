using System.Collections.Concurrent;
using Microsoft.JSInterop;

namespace Portal.Tests.Components.Fakes;

/// <summary>
/// Wraps bUnit's JS runtime and records every <see cref="IJSObjectReference"/> it hands out (modules, and objects those
/// return), so a test can see that a component disposed them; bUnit's own references do not record disposal.
/// Invocations still reach bUnit, so its setups and <c>VerifyInvoke</c> keep working.
/// </summary>
internal sealed class TrackingJSRuntime(IJSRuntime inner) : IJSRuntime
{
    public ConcurrentQueue<TrackedJSObjectReference> References { get; } = new();

    public async ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) =>
        Track(identifier, await inner.InvokeAsync<TValue>(identifier, args));

    public async ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
        Track(identifier, await inner.InvokeAsync<TValue>(identifier, cancellationToken, args));

    internal TValue Track<TValue>(string identifier, TValue value)
    {
        if (value is IJSObjectReference reference and not TrackedJSObjectReference)
        {
            var tracked = new TrackedJSObjectReference(identifier, reference, this);
            References.Enqueue(tracked);
            return (TValue)(object)tracked;
        }

        return value;
    }
}

/// <summary>An object reference that remembers which call made it and whether it was disposed.</summary>
internal sealed class TrackedJSObjectReference(string createdBy, IJSObjectReference inner, TrackingJSRuntime runtime) : IJSObjectReference
{
    /// <summary>The identifier of the call that returned this reference (<c>import</c>, <c>open</c>, ...).</summary>
    public string CreatedBy { get; } = createdBy;

    public bool IsDisposed { get; private set; }

    public async ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) =>
        runtime.Track(identifier, await inner.InvokeAsync<TValue>(identifier, args));

    public async ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
        runtime.Track(identifier, await inner.InvokeAsync<TValue>(identifier, cancellationToken, args));

    public ValueTask DisposeAsync()
    {
        IsDisposed = true;
        return inner.DisposeAsync();
    }
}
