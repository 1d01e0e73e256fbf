namespace Portal.Components.Logs;

/// <summary>A run of text that has one style, as the escape sequences before it left it.</summary>
public readonly record struct AnsiSegment(string Text, AnsiStyle Style);
