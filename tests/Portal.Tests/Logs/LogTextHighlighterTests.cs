using Portal.Components.Logs;

namespace Portal.Tests.Logs;

public sealed class LogTextHighlighterTests
{
    private static readonly AnsiStyle Red = new() { Foreground = AnsiColor.Palette(1) };

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Highlight_NoSearch_OneRunPerSegment(string? search)
    {
        var runs = LogTextHighlighter.Highlight([new("error: ", Red), new("disk full", AnsiStyle.Default)], search);

        Assert.Equal([new LogTextRun("error: ", Red, false), new LogTextRun("disk full", AnsiStyle.Default, false)], runs);
    }

    [Fact]
    public void Highlight_MatchesIgnoringCase_EveryOccurrenceMarked()
    {
        var runs = LogTextHighlighter.Highlight([new("Loss 0.9, loss 0.5", AnsiStyle.Default)], "loss");

        Assert.Equal(
            [
                new LogTextRun("Loss", AnsiStyle.Default, true),
                new LogTextRun(" 0.9, ", AnsiStyle.Default, false),
                new LogTextRun("loss", AnsiStyle.Default, true),
                new LogTextRun(" 0.5", AnsiStyle.Default, false),
            ],
            runs);
    }

    [Fact]
    public void Highlight_MatchAcrossStyles_MarkedInEachKeepingItsStyle()
    {
        var runs = LogTextHighlighter.Highlight([new("an err", AnsiStyle.Default), new("or here", Red)], "error");

        Assert.Equal(
            [
                new LogTextRun("an ", AnsiStyle.Default, false),
                new LogTextRun("err", AnsiStyle.Default, true),
                new LogTextRun("or", Red, true),
                new LogTextRun(" here", Red, false),
            ],
            runs);
    }

    [Fact]
    public void Highlight_NoMatch_TextUnchanged()
    {
        Assert.Equal([new LogTextRun("all good", AnsiStyle.Default, false)], LogTextHighlighter.Highlight([new("all good", AnsiStyle.Default)], "fail"));
    }

    [Fact]
    public void Highlight_RepeatedCharacters_MatchesDoNotOverlap()
    {
        var runs = LogTextHighlighter.Highlight([new("aaaa", AnsiStyle.Default)], "aa");

        Assert.Equal([new LogTextRun("aa", AnsiStyle.Default, true), new LogTextRun("aa", AnsiStyle.Default, true)], runs);
    }
}
