using System.Text;

namespace Portal.Components.Logs;

/// <summary>The text attributes that SGR sequences set: colours and a few decorations. <c>default</c> is plain text.</summary>
public readonly record struct AnsiStyle
{
    public static AnsiStyle Default => default;

    public AnsiColor? Foreground { get; init; }

    public AnsiColor? Background { get; init; }

    public bool Bold { get; init; }

    /// <summary>Faint (SGR 2).</summary>
    public bool Dim { get; init; }

    public bool Italic { get; init; }

    public bool Underline { get; init; }

    public bool Strikethrough { get; init; }

    public bool IsDefault => this == default;

    /// <summary>
    /// The CSS classes for the themed colours and the decorations (<c>portal-ansi-fg-1 portal-ansi-bold</c>), defined in
    /// css/logviewer.css; <c>null</c> when there are none.
    /// </summary>
    public string? ToCssClass()
    {
        var classes = new StringBuilder();
        if (Foreground is { IsThemed: true } foreground)
        {
            Append(classes, $"portal-ansi-fg-{foreground.PaletteIndex}");
        }

        if (Background is { IsThemed: true } background)
        {
            Append(classes, $"portal-ansi-bg-{background.PaletteIndex}");
        }

        if (Bold)
        {
            Append(classes, "portal-ansi-bold");
        }

        if (Dim)
        {
            Append(classes, "portal-ansi-dim");
        }

        if (Italic)
        {
            Append(classes, "portal-ansi-italic");
        }

        if (Underline)
        {
            Append(classes, "portal-ansi-underline");
        }

        if (Strikethrough)
        {
            Append(classes, "portal-ansi-strike");
        }

        return classes.Length == 0 ? null : classes.ToString();
    }

    /// <summary>An inline style for the colours that are not themed (<c>color:#d75f00</c>); <c>null</c> when there are none.</summary>
    public string? ToInlineStyle()
    {
        var foreground = Foreground?.ToCssValue();
        var background = Background?.ToCssValue();
        return (foreground, background) switch
        {
            (null, null) => null,
            (_, null) => $"color:{foreground}",
            (null, _) => $"background-color:{background}",
            _ => $"color:{foreground};background-color:{background}",
        };
    }

    private static void Append(StringBuilder classes, string name)
    {
        if (classes.Length > 0)
        {
            classes.Append(' ');
        }

        classes.Append(name);
    }
}
