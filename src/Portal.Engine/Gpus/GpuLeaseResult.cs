namespace Portal.Engine.Gpus;

/// <summary>The leased device ids, or why none were leased (with how many are free and who holds the rest).</summary>
public sealed record GpuLeaseResult(IReadOnlyList<string>? DeviceIds, string? Error, int FreeCount)
{
    public bool Succeeded => DeviceIds is not null;

    public static GpuLeaseResult Leased(IReadOnlyList<string> deviceIds, int freeCount) => new(deviceIds, null, freeCount);

    public static GpuLeaseResult Unavailable(string error, int freeCount) => new(null, error, freeCount);
}
