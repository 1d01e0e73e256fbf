namespace Portal.Engine.Launch;

/// <summary>An admin-defined folder of the host mounted read-only into every container (datasets, models).</summary>
public sealed class SharedMount
{
    /// <summary>Absolute path on the host.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>Absolute path in the container.</summary>
    public string Target { get; set; } = string.Empty;
}
