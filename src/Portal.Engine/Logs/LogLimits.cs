namespace Portal.Engine.Logs;

public static class LogLimits
{
    /// <summary>Appended to a line cut at <c>Logs:MaxLineLength</c> characters.</summary>
    public const string TruncationMarker = " …[line truncated]";
}
