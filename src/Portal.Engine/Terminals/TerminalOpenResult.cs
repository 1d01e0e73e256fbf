namespace Portal.Engine.Terminals;

/// <summary>An attachment to a session, or why there is none (one of <see cref="TerminalErrorCodes"/>).</summary>
public sealed record TerminalOpenResult(TerminalAttachment? Attachment, string? ErrorCode, string? ErrorMessage)
{
    public bool Succeeded => Attachment is not null;

    public static TerminalOpenResult Attached(TerminalAttachment attachment) => new(attachment, null, null);

    public static TerminalOpenResult Failed(string code, string message) => new(null, code, message);
}
