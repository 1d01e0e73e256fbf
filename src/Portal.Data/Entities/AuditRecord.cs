namespace Portal.Data.Entities;

/// <summary>Who did what to which target, when, and how it ended. Written for every mutating action.</summary>
public sealed class AuditRecord
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The acting user's name, or <c>system</c> for the portal's own actions.</summary>
    public required string Actor { get; set; }

    /// <summary>A dotted action name such as <c>container.launch</c> or <c>user.create</c>.</summary>
    public required string Action { get; set; }

    /// <summary>What was acted on: a container name, a user name, a template name.</summary>
    public required string Target { get; set; }

    /// <summary><c>succeeded</c>, <c>refused</c> or <c>failed</c>.</summary>
    public required string Outcome { get; set; }

    /// <summary>A short human-readable detail: the refusal's reason, the GPUs leased, the error.</summary>
    public string? Detail { get; set; }
}
