using Microsoft.JSInterop;

namespace Portal.Components.Shared;

/// <summary>
/// A component's instance of a JavaScript module: the module imported, then the one handle its entry function
/// returned. Opening gives up cleanly when the component was disposed meanwhile; closing calls the handle's
/// <c>dispose</c> and tolerates a browser that has already gone.
/// </summary>
internal sealed class ScriptHandle : IAsyncDisposable
{
    private readonly IJSObjectReference _module;
    private readonly IJSObjectReference _handle;

    private ScriptHandle(IJSObjectReference module, IJSObjectReference handle)
    {
        _module = module;
        _handle = handle;
    }

    /// <summary>The module, for its functions that need no handle.</summary>
    public IJSObjectReference Module => _module;

    /// <summary>
    /// Imports <paramref name="modulePath"/> and calls <paramref name="open"/> on it. Returns null, having released
    /// both, when <paramref name="isAbandoned"/> says the component was disposed while they loaded.
    /// </summary>
    public static async Task<ScriptHandle?> OpenAsync(
        IJSRuntime js, string modulePath, Func<IJSObjectReference, ValueTask<IJSObjectReference>> open, Func<bool> isAbandoned)
    {
        var module = await js.InvokeAsync<IJSObjectReference>("import", modulePath);
        if (isAbandoned())
        {
            await module.DisposeAsync();
            return null;
        }

        IJSObjectReference handle;
        try
        {
            handle = await open(module);
        }
        catch
        {
            await module.DisposeAsync();
            throw;
        }

        var script = new ScriptHandle(module, handle);
        if (isAbandoned())
        {
            await script.DisposeAsync();
            return null;
        }

        return script;
    }

    public ValueTask InvokeVoidAsync(string identifier, params object?[]? arguments) => _handle.InvokeVoidAsync(identifier, arguments);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _handle.InvokeVoidAsync("dispose");
            await _handle.DisposeAsync();
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone, and the script's listeners and sockets with it.
        }
    }
}
