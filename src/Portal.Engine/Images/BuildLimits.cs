namespace Portal.Engine.Images;

/// <summary>
/// What a build's <c>RUN</c> steps may use: the same per-container limits the user's launches get, so a build can no
/// more starve the lab's jobs than a container can.
/// </summary>
public sealed record BuildLimits(long MemoryBytes, double Cpus, long ShmBytes)
{
    private const long CpuPeriodMicroseconds = 100_000;

    public long CpuPeriod => CpuPeriodMicroseconds;

    public long CpuQuota => (long)Math.Round(Cpus * CpuPeriodMicroseconds);
}
