using System.Buffers;
using System.Globalization;
using System.Text;

namespace Portal.Components.Logs;

/// <summary>
/// Turns one log line into styled text: SGR sequences (<c>ESC[...m</c>) become <see cref="AnsiStyle"/>s, every other
/// escape sequence and control character is dropped, and the text itself is never interpreted otherwise (the caller
/// renders it as text, so markup in a log shows as written).
/// </summary>
/// <remarks>
/// Each line starts unstyled: Docker's lines are read independently, and a colour left on by a line that was cut or
/// dropped must not leak into the next. A carriage return followed by more text keeps only that text, which is what a
/// terminal shows for a progress bar that redraws itself on one line.
/// </remarks>
public static class AnsiParser
{
    private const char Escape = '\u001b';
    private const char Bell = '\u0007';

    // Characters that need the slow path: C0 controls (tab aside), DEL and C1 controls.
    private static readonly SearchValues<char> Special = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000a\u000b\u000c\u000d\u000e\u000f"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f"
        + "\u007f\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f"
        + "\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f");

    /// <summary>The line's visible text in runs of one style each, oldest first; adjacent runs always differ in style.</summary>
    public static IReadOnlyList<AnsiSegment> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        if (text.AsSpan().IndexOfAny(Special) < 0)
        {
            return [new AnsiSegment(text, AnsiStyle.Default)];
        }

        var segments = new List<AnsiSegment>();
        var run = new StringBuilder();
        var style = AnsiStyle.Default;
        var carriageReturn = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == Escape)
            {
                AddRun(segments, run, style);
                i = SkipEscape(text, i, ref style);
                continue;
            }

            if (c == '\r')
            {
                // Only text after it overwrites what came before; "done\r" at the end (CRLF output) keeps "done".
                carriageReturn = true;
                i++;
                continue;
            }

            if (c != '\t' && Special.Contains(c))
            {
                i++;
                continue;
            }

            if (carriageReturn)
            {
                carriageReturn = false;
                segments.Clear();
                run.Clear();
            }

            run.Append(c);
            i++;
        }

        AddRun(segments, run, style);
        return segments;
    }

    private static void AddRun(List<AnsiSegment> segments, StringBuilder run, AnsiStyle style)
    {
        if (run.Length == 0)
        {
            return;
        }

        // A sequence that changed nothing visible (a reset of plain text, a cursor move) does not split the text.
        if (segments.Count > 0 && segments[^1].Style == style)
        {
            segments[^1] = segments[^1] with { Text = segments[^1].Text + run };
        }
        else
        {
            segments.Add(new AnsiSegment(run.ToString(), style));
        }

        run.Clear();
    }

    // Returns the index after the sequence that starts with ESC at `start`, applying it when it is an SGR.
    private static int SkipEscape(string text, int start, ref AnsiStyle style)
    {
        var i = start + 1;
        if (i >= text.Length)
        {
            return i;
        }

        switch (text[i])
        {
            case '[':
                return SkipControlSequence(text, i + 1, ref style);
            case ']' or 'P' or 'X' or '^' or '_':
                // OSC (titles, hyperlinks), DCS, SOS, PM, APC: a string up to BEL or ST (ESC \); unterminated, the rest.
                for (var j = i + 1; j < text.Length; j++)
                {
                    if (text[j] == Bell)
                    {
                        return j + 1;
                    }

                    if (text[j] == Escape && j + 1 < text.Length && text[j + 1] == '\\')
                    {
                        return j + 2;
                    }
                }

                return text.Length;
            default:
                // Other escapes: intermediate bytes, then one final byte (ESC ( B, ESC 7, ESC M...).
                while (i < text.Length && text[i] is >= ' ' and <= '/')
                {
                    i++;
                }

                return i < text.Length && text[i] is >= '0' and <= '~' ? i + 1 : i;
        }
    }

    // CSI: parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, one final byte 0x40–0x7E. Only "m" changes the style.
    private static int SkipControlSequence(string text, int parametersStart, ref AnsiStyle style)
    {
        var i = parametersStart;
        while (i < text.Length && text[i] is >= '0' and <= '?')
        {
            i++;
        }

        var parametersEnd = i;
        while (i < text.Length && text[i] is >= ' ' and <= '/')
        {
            i++;
        }

        if (i >= text.Length || text[i] is not (>= '@' and <= '~'))
        {
            // Malformed: drop what was read as the sequence, keep what follows.
            return i;
        }

        var parameters = text.AsSpan(parametersStart, parametersEnd - parametersStart);
        var isPrivate = parameters.Length > 0 && parameters[0] is '<' or '=' or '>' or '?';
        if (text[i] == 'm' && parametersEnd == i && !isPrivate)
        {
            style = ApplySelectGraphicRendition(parameters.ToString(), style);
        }

        return i + 1;
    }

    private static AnsiStyle ApplySelectGraphicRendition(string parameters, AnsiStyle style)
    {
        if (parameters.Length == 0)
        {
            return AnsiStyle.Default;
        }

        var codes = parameters.Split(';');
        for (var k = 0; k < codes.Length; k++)
        {
            if (codes[k].Contains(':', StringComparison.Ordinal))
            {
                style = ApplySubParameters(codes[k].Split(':'), style);
                continue;
            }

            if (!TryParseCode(codes[k], out var code))
            {
                continue;
            }

            switch (code)
            {
                case 38 or 48:
                    // 38;5;n or 38;2;r;g;b: the colour takes the next parameters.
                    var (color, used) = ReadExtendedColor(codes.AsSpan(k + 1));
                    k += used;
                    style = WithColor(style, code == 38, color);
                    break;
                default:
                    style = ApplyCode(code, style);
                    break;
            }
        }

        return style;
    }

    // The colon forms: 38:5:n, 38:2:r:g:b, 38:2:colorspace:r:g:b (ITU T.416); 4:n for underline styles.
    private static AnsiStyle ApplySubParameters(string[] parts, AnsiStyle style)
    {
        if (!TryParseCode(parts[0], out var code))
        {
            return style;
        }

        switch (code)
        {
            case 38 or 48:
                var values = parts[1..];
                if (values.Length >= 5 && values[0] == "2")
                {
                    // A colour-space id sits between the 2 and the channels.
                    values = ["2", .. values[^3..]];
                }

                return WithColor(style, code == 38, ReadExtendedColor(values).Color);
            case 4:
                return style with { Underline = parts.Length < 2 || parts[1] != "0" };
            default:
                return ApplyCode(code, style);
        }
    }

    private static (AnsiColor? Color, int Used) ReadExtendedColor(ReadOnlySpan<string> values)
    {
        if (values.Length >= 2 && values[0] == "5")
        {
            return (TryParseChannel(values[1], out var index) ? AnsiColor.Palette(index) : null, 2);
        }

        if (values.Length >= 4 && values[0] == "2")
        {
            var valid = TryParseChannel(values[1], out var red) & TryParseChannel(values[2], out var green) & TryParseChannel(values[3], out var blue);
            return (valid ? AnsiColor.Rgb((byte)red, (byte)green, (byte)blue) : null, 4);
        }

        // Incomplete: the rest of the sequence is its operand, not codes of their own.
        return (null, values.Length);
    }

    private static AnsiStyle WithColor(AnsiStyle style, bool foreground, AnsiColor? color) => color is null
        ? style
        : foreground ? style with { Foreground = color } : style with { Background = color };

    private static AnsiStyle ApplyCode(int code, AnsiStyle style) => code switch
    {
        0 => AnsiStyle.Default,
        1 => style with { Bold = true },
        2 => style with { Dim = true },
        3 => style with { Italic = true },
        4 => style with { Underline = true },
        9 => style with { Strikethrough = true },
        22 => style with { Bold = false, Dim = false },
        23 => style with { Italic = false },
        24 => style with { Underline = false },
        29 => style with { Strikethrough = false },
        >= 30 and <= 37 => style with { Foreground = AnsiColor.Palette(code - 30) },
        39 => style with { Foreground = null },
        >= 40 and <= 47 => style with { Background = AnsiColor.Palette(code - 40) },
        49 => style with { Background = null },
        >= 90 and <= 97 => style with { Foreground = AnsiColor.Palette(code - 90 + 8) },
        >= 100 and <= 107 => style with { Background = AnsiColor.Palette(code - 100 + 8) },
        // Blink, inverse, fonts...: not shown.
        _ => style,
    };

    // An empty code means 0 ("ESC[;1m" is "ESC[0;1m").
    private static bool TryParseCode(string value, out int code)
    {
        if (value.Length == 0)
        {
            code = 0;
            return true;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out code);
    }

    private static bool TryParseChannel(string value, out int channel) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out channel) && channel <= 255;
}
