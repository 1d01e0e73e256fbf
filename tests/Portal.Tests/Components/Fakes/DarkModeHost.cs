using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Portal.Tests.Components.Fakes;

/// <summary>Cascades <c>IsDarkMode</c> to its content as MainLayout does, and lets a test flip it.</summary>
internal sealed class DarkModeHost : ComponentBase
{
    [Parameter]
    public bool IsDarkMode { get; set; }

    [Parameter]
    public RenderFragment? ChildContent { get; set; }

    /// <summary>What the layout's toggle does: a new value, then a render.</summary>
    public Task SetDarkModeAsync(bool value) => InvokeAsync(() =>
    {
        IsDarkMode = value;
        StateHasChanged();
    });

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenComponent<CascadingValue<bool>>(0);
        builder.AddComponentParameter(1, nameof(CascadingValue<bool>.Name), "IsDarkMode");
        builder.AddComponentParameter(2, nameof(CascadingValue<bool>.Value), IsDarkMode);
        builder.AddComponentParameter(3, nameof(CascadingValue<bool>.ChildContent), ChildContent);
        builder.CloseComponent();
    }
}
