namespace Portal.Engine.Gpus;

/// <summary>
/// One thing that can be leased: a whole GPU, or one MIG instance of a GPU in MIG mode. <see cref="DeviceId"/>
/// is what goes into <c>NVIDIA_VISIBLE_DEVICES</c> and Docker's device requests.
/// </summary>
public sealed record GpuUnit(string DeviceId, int GpuIndex, int? MigIndex, string? Name, long? MemoryTotalMiB, string? Profile)
{
    public bool IsMig => MigIndex is not null;
}
