namespace Portal.Engine.Cleanup;

/// <summary>Whose items a cleanup looks at.</summary>
public enum CleanupScope
{
    /// <summary>Only the acting user's own items.</summary>
    Mine,

    /// <summary>Everyone's, and what belongs to nobody (admins only).</summary>
    All,
}
