using Portal.Components.Logs;

namespace Portal.Tests.Logs;

public sealed class AnsiParserTests
{
    private static readonly AnsiStyle Plain = AnsiStyle.Default;

    [Fact]
    public void Parse_PlainText_OneUnstyledSegment()
    {
        Assert.Equal([new AnsiSegment("epoch 1/10 loss=0.42\tlr=3e-4", Plain)], AnsiParser.Parse("epoch 1/10 loss=0.42\tlr=3e-4"));
    }

    [Fact]
    public void Parse_Empty_NoSegments()
    {
        Assert.Empty(AnsiParser.Parse(string.Empty));
    }

    [Fact]
    public void Parse_Markup_StaysText()
    {
        Assert.Equal([new AnsiSegment("<script>alert(1)</script>", Plain)], AnsiParser.Parse("<script>alert(1)</script>"));
    }

    [Theory]
    [InlineData(30, 0)]
    [InlineData(31, 1)]
    [InlineData(37, 7)]
    [InlineData(90, 8)]
    [InlineData(91, 9)]
    [InlineData(97, 15)]
    public void Parse_BasicForeground_ThemedPaletteColour(int code, int index)
    {
        var segments = AnsiParser.Parse($"\u001b[{code}mtext\u001b[0m");

        var segment = Assert.Single(segments);
        Assert.Equal("text", segment.Text);
        Assert.Equal(AnsiColor.Palette(index), segment.Style.Foreground);
        Assert.True(segment.Style.Foreground!.Value.IsThemed);
        Assert.Equal($"portal-ansi-fg-{index}", segment.Style.ToCssClass());
        Assert.Null(segment.Style.ToInlineStyle());
    }

    [Theory]
    [InlineData(40, 0)]
    [InlineData(44, 4)]
    [InlineData(47, 7)]
    [InlineData(100, 8)]
    [InlineData(107, 15)]
    public void Parse_BasicBackground_ThemedPaletteColour(int code, int index)
    {
        var segment = Assert.Single(AnsiParser.Parse($"\u001b[{code}mtext"));

        Assert.Equal(AnsiColor.Palette(index), segment.Style.Background);
        Assert.Null(segment.Style.Foreground);
        Assert.Equal($"portal-ansi-bg-{index}", segment.Style.ToCssClass());
    }

    [Fact]
    public void Parse_BoldItalicUnderline_DecorationsAndTheirResets()
    {
        var segments = AnsiParser.Parse("\u001b[1mB\u001b[3mBI\u001b[4mBIU\u001b[22mIU\u001b[23mU\u001b[24mplain");

        Assert.Equal(["B", "BI", "BIU", "IU", "U", "plain"], segments.Select(s => s.Text));
        Assert.Equal(new AnsiStyle { Bold = true }, segments[0].Style);
        Assert.Equal(new AnsiStyle { Bold = true, Italic = true }, segments[1].Style);
        Assert.Equal(new AnsiStyle { Bold = true, Italic = true, Underline = true }, segments[2].Style);
        Assert.Equal("portal-ansi-bold portal-ansi-italic portal-ansi-underline", segments[2].Style.ToCssClass());
        Assert.Equal(new AnsiStyle { Italic = true, Underline = true }, segments[3].Style);
        Assert.Equal(new AnsiStyle { Underline = true }, segments[4].Style);
        Assert.Equal(Plain, segments[5].Style);
    }

    [Fact]
    public void Parse_ResetForms_AllEndTheStyle()
    {
        var segments = AnsiParser.Parse("\u001b[1;31ma\u001b[0mb\u001b[1;31mc\u001b[md\u001b[1;31me\u001b[;mf");

        Assert.Equal(["a", "b", "c", "d", "e", "f"], segments.Select(s => s.Text));
        Assert.All(new[] { segments[1], segments[3], segments[5] }, s => Assert.Equal(Plain, s.Style));
        Assert.All(new[] { segments[0], segments[2], segments[4] }, s => Assert.Equal(new AnsiStyle { Bold = true, Foreground = AnsiColor.Palette(1) }, s.Style));
    }

    [Fact]
    public void Parse_DefaultColourCodes_ClearOnlyTheirColour()
    {
        var segments = AnsiParser.Parse("\u001b[1;32;44mx\u001b[39my\u001b[49mz");

        Assert.Equal(new AnsiStyle { Bold = true, Foreground = AnsiColor.Palette(2), Background = AnsiColor.Palette(4) }, segments[0].Style);
        Assert.Equal(new AnsiStyle { Bold = true, Background = AnsiColor.Palette(4) }, segments[1].Style);
        Assert.Equal(new AnsiStyle { Bold = true }, segments[2].Style);
    }

    [Theory]
    [InlineData("\u001b[38;5;196mx", 196, "#ff0000")]
    [InlineData("\u001b[38;5;208mx", 208, "#ff8700")]
    [InlineData("\u001b[38;5;16mx", 16, "#000000")]
    [InlineData("\u001b[38;5;231mx", 231, "#ffffff")]
    [InlineData("\u001b[38;5;232mx", 232, "#080808")]
    [InlineData("\u001b[38;5;255mx", 255, "#eeeeee")]
    [InlineData("\u001b[38:5:208mx", 208, "#ff8700")]
    public void Parse_256Colours_FixedValuesAsInlineStyle(string text, int index, string css)
    {
        var segment = Assert.Single(AnsiParser.Parse(text));

        Assert.Equal(AnsiColor.Palette(index), segment.Style.Foreground);
        Assert.Equal($"color:{css}", segment.Style.ToInlineStyle());
        Assert.Null(segment.Style.ToCssClass());
    }

    [Fact]
    public void Parse_256ColourBelowSixteen_StaysThemed()
    {
        var segment = Assert.Single(AnsiParser.Parse("\u001b[38;5;9mx"));

        Assert.Equal("portal-ansi-fg-9", segment.Style.ToCssClass());
        Assert.Null(segment.Style.ToInlineStyle());
    }

    [Theory]
    [InlineData("\u001b[38;2;255;135;0mx")]
    [InlineData("\u001b[38:2:255:135:0mx")]
    [InlineData("\u001b[38:2::255:135:0mx")]
    public void Parse_TrueColourForeground_RgbInlineStyle(string text)
    {
        var segment = Assert.Single(AnsiParser.Parse(text));

        Assert.Equal(AnsiColor.Rgb(255, 135, 0), segment.Style.Foreground);
        Assert.Equal("color:#ff8700", segment.Style.ToInlineStyle());
    }

    [Fact]
    public void Parse_TrueColourBothWays_CodesAfterTheColourStillApply()
    {
        var segment = Assert.Single(AnsiParser.Parse("\u001b[38;2;1;2;3;48;5;236;1mx"));

        Assert.Equal(new AnsiStyle { Foreground = AnsiColor.Rgb(1, 2, 3), Background = AnsiColor.Palette(236), Bold = true }, segment.Style);
        Assert.Equal("color:#010203;background-color:#303030", segment.Style.ToInlineStyle());
    }

    [Theory]
    [InlineData("\u001b[38;5mx")]
    [InlineData("\u001b[38;2;1;2mx")]
    [InlineData("\u001b[38;5;256mx")]
    [InlineData("\u001b[38;2;1;2;300mx")]
    [InlineData("\u001b[38;7;1mx")]
    public void Parse_IncompleteOrInvalidExtendedColour_IgnoredAndNothingLeaks(string text)
    {
        Assert.Equal([new AnsiSegment("x", Plain)], AnsiParser.Parse(text));
    }

    [Fact]
    public void Parse_UnknownSgrCodes_Ignored()
    {
        Assert.Equal([new AnsiSegment("x", new AnsiStyle { Foreground = AnsiColor.Palette(1) })], AnsiParser.Parse("\u001b[5;7;31;53mx"));
    }

    [Theory]
    [InlineData("\u001b[2Kcleared")]
    [InlineData("\u001b[1;1Hcleared")]
    [InlineData("\u001b[?25lcleared\u001b[?25h")]
    [InlineData("\u001b]0;window title\u0007cleared")]
    [InlineData("\u001b]8;;https://example.org\u001b\\cleared\u001b]8;;\u001b\\")]
    [InlineData("\u001b(Bcleared")]
    [InlineData("\u001b7cleared\u001b8")]
    [InlineData("clea\u0007red\u0000")]
    [InlineData("cleared\u001b")]
    [InlineData("cleared\u001b[")]
    [InlineData("\u001b[>4;1mcleared")]
    public void Parse_OtherEscapesAndControls_Stripped(string text)
    {
        Assert.Equal([new AnsiSegment("cleared", Plain)], AnsiParser.Parse(text));
    }

    [Fact]
    public void Parse_SequencesThatChangeNothing_DoNotSplitTheText()
    {
        Assert.Equal([new AnsiSegment("onetwo", Plain)], AnsiParser.Parse("one\u001b[0mtwo\u001b[K"));
        Assert.Equal([new AnsiSegment("onetwo", new AnsiStyle { Bold = true })], AnsiParser.Parse("\u001b[1mone\u001b[1mtwo"));
    }

    [Fact]
    public void Parse_CarriageReturnBeforeText_KeepsWhatWasWrittenLast()
    {
        Assert.Equal([new AnsiSegment(" 100% done", Plain)], AnsiParser.Parse("  10%\r  50%\r 100% done"));
        Assert.Equal([new AnsiSegment("done", Plain)], AnsiParser.Parse("done\r"));
        Assert.Equal([new AnsiSegment("50%", Plain)], AnsiParser.Parse("50%\r\u001b[0m"));
        Assert.Equal([new AnsiSegment("ok", new AnsiStyle { Foreground = AnsiColor.Palette(2) })], AnsiParser.Parse("\u001b[31mfail\r\u001b[32mok"));
    }

    [Fact]
    public void Parse_EachLine_StartsUnstyled()
    {
        Assert.Equal(AnsiColor.Palette(1), Assert.Single(AnsiParser.Parse("\u001b[31mcolour left on")).Style.Foreground);

        Assert.Equal(Plain, Assert.Single(AnsiParser.Parse("next line")).Style);
    }
}
