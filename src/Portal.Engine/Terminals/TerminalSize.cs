namespace Portal.Engine.Terminals;

/// <summary>A terminal's size in character cells, as the browser's terminal measured it.</summary>
public readonly record struct TerminalSize(int Columns, int Rows)
{
    /// <summary>Larger than any screen; anything beyond is a client bug, not a terminal.</summary>
    public const int MaxCells = 10_000;

    public bool IsValid => Columns is >= 1 and <= MaxCells && Rows is >= 1 and <= MaxCells;
}
