namespace Portal.Engine.Gpus;

/// <summary>Where the GPU inventory comes from. Bound from <c>Gpus:Source</c>.</summary>
public enum GpuSource
{
    /// <summary>Runs <c>nvidia-smi -q -x</c> on the host the portal runs on (the default).</summary>
    NvidiaSmi,

    /// <summary>Reads a saved <c>nvidia-smi -q -x</c> document, re-read on every refresh, for demos and development.</summary>
    File,

    /// <summary>A host without NVIDIA GPUs: the inventory is empty and that is not an error.</summary>
    None,
}
