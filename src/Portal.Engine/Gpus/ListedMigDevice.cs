namespace Portal.Engine.Gpus;

/// <summary>A <c>MIG 3g.40gb Device 0: (UUID: MIG-...)</c> line of <c>nvidia-smi -L</c>.</summary>
public sealed record ListedMigDevice(int Index, string Profile, string Uuid);
