namespace Portal.Api;

/// <summary>A process of the container that holds memory on a GPU, with its host PID as nvidia-smi lists it.</summary>
public sealed record GpuProcessResponse(int? Pid, string? Name, string? Type, long? UsedMemoryMiB);
