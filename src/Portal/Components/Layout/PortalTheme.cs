using MudBlazor;

namespace Portal.Components.Layout;

/// <summary>The portal's colours, light and dark.</summary>
internal static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f6f8b",
            Secondary = "#76b900",
            AppbarBackground = "#17323f",
            DrawerBackground = "#f7f9fa",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#4fb3d9",
            Secondary = "#8fd14f",
            AppbarBackground = "#0f1e26",
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "230px" },
    };
}
