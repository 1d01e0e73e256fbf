namespace Portal.Engine.Launch;

/// <summary>A launch request that passed the policy, with every default filled in. Only this reaches Docker.</summary>
public sealed record LaunchPlan(
    string Owner,
    string Name,
    string Image,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Env,
    int Gpus,
    double Cpus,
    int MemoryMiB,
    int ShmSizeMiB,
    IReadOnlyList<int> Ports,
    bool Workspace,
    bool AutoRemove);
