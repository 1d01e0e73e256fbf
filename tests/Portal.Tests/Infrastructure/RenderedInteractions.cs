using Bunit;
using Bunit.Extensions.WaitForHelpers;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// Interactions with pages that re-render by themselves (live stats, container events of tests running alongside, a
/// filter's reload finishing): such a render can retire an element's event handler between finding the element and
/// triggering it, and a click on a loaded CI machine was once lost that way. A person clicks again; so do these, up to
/// three times, and then fail as a single try would.
/// </summary>
internal static class RenderedInteractions
{
    private const int Attempts = 3;

    /// <summary>Runs <paramref name="interact"/> (find and trigger, fresh each time) until <paramref name="done"/> holds on <paramref name="observed"/>.</summary>
    public static void InteractUntil<TComponent>(this IRenderedComponent<TComponent> observed, Action interact, Action done)
        where TComponent : IComponent
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                interact();
                observed.WaitForAssertion(done, attempt < Attempts ? TimeSpan.FromSeconds(5) : TestTimeout.Render);
                return;
            }
            catch (Exception ex) when (attempt < Attempts && ex is WaitForFailedException or UnknownEventHandlerIdException or MissingEventHandlerException or ElementRemovedFromDomException)
            {
                // A stale element or a lost click: find it again.
            }
        }
    }
}
