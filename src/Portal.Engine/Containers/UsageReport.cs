using Portal.Engine.Quotas;

namespace Portal.Engine.Containers;

/// <summary>What a user holds against their limits.</summary>
public sealed record UsageReport(string UserName, QuotaLimits Limits, int GpusHeld, int Containers, int RunningContainers);
