namespace Portal.Components.Logs;

/// <summary>A piece of a rendered log line: its text, its ANSI style, and whether it is (part of) a search match.</summary>
public readonly record struct LogTextRun(string Text, AnsiStyle Style, bool IsMatch);
