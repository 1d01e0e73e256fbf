using Portal.Engine.Gpus;

namespace Portal.Api;

/// <summary>Who holds a device: every member sees holders by user name (a lab norm).</summary>
public sealed record GpuHolderResponse(string User, string Container)
{
    public static GpuHolderResponse? From(GpuLeaseInfo? lease) => lease is null ? null : new(lease.Owner, lease.ContainerName);
}
