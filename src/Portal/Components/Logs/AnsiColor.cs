using System.Globalization;

namespace Portal.Components.Logs;

/// <summary>
/// A colour chosen by an SGR escape sequence: an entry of the 256-colour palette (<c>30–37</c>, <c>90–97</c>,
/// <c>38;5;n</c>...) or a 24-bit colour (<c>38;2;r;g;b</c>). The 16 basic colours follow the portal's theme, so they
/// are rendered as CSS classes; the others have fixed values.
/// </summary>
public readonly record struct AnsiColor
{
    private const int RgbMarker = -1;

    // The xterm 6x6x6 colour cube's channel levels (palette entries 16 to 231).
    private static readonly byte[] CubeLevels = [0, 95, 135, 175, 215, 255];

    private AnsiColor(int paletteIndex, byte red, byte green, byte blue)
    {
        PaletteIndex = paletteIndex;
        Red = red;
        Green = green;
        Blue = blue;
    }

    /// <summary>The palette entry, 0 to 255; -1 for a 24-bit colour.</summary>
    public int PaletteIndex { get; }

    public byte Red { get; }

    public byte Green { get; }

    public byte Blue { get; }

    /// <summary>One of the 16 basic colours (0–7 normal, 8–15 bright), whose shade the theme picks.</summary>
    public bool IsThemed => PaletteIndex is >= 0 and < 16;

    /// <summary>A palette entry: 0–15 are the basic colours, 16–231 the colour cube, 232–255 the grey ramp.</summary>
    public static AnsiColor Palette(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, 255);
        return new AnsiColor(index, 0, 0, 0);
    }

    public static AnsiColor Rgb(byte red, byte green, byte blue) => new(RgbMarker, red, green, blue);

    /// <summary>
    /// The colour as a CSS value (<c>#rrggbb</c>) for the fixed colours; <c>null</c> for the themed ones, which the
    /// stylesheet colours through a class.
    /// </summary>
    public string? ToCssValue()
    {
        if (IsThemed)
        {
            return null;
        }

        var (red, green, blue) = PaletteIndex switch
        {
            RgbMarker => (Red, Green, Blue),
            < 232 => (CubeLevels[(PaletteIndex - 16) / 36], CubeLevels[(PaletteIndex - 16) / 6 % 6], CubeLevels[(PaletteIndex - 16) % 6]),
            _ => Grey(PaletteIndex),
        };
        return string.Create(CultureInfo.InvariantCulture, $"#{red:x2}{green:x2}{blue:x2}");
    }

    private static (byte, byte, byte) Grey(int index)
    {
        var level = (byte)(8 + (10 * (index - 232)));
        return (level, level, level);
    }
}
