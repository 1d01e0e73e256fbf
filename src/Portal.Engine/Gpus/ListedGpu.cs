namespace Portal.Engine.Gpus;

/// <summary>A <c>GPU N: name (UUID: ...)</c> line of <c>nvidia-smi -L</c>, with the MIG lines under it.</summary>
public sealed record ListedGpu(int Index, string? Name, string? Uuid, IReadOnlyList<ListedMigDevice> MigDevices);
