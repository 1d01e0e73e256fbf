namespace Portal.Engine.Gpus;

/// <summary>
/// How a leased GPU will be handed to a container. Bound from <c>Gpus:Binding</c>; only validated for now, the
/// launcher reads it when GPU leases arrive.
/// </summary>
public enum GpuBinding
{
    /// <summary>Docker <c>DeviceRequests</c> (what <c>docker run --gpus</c> does); needs the NVIDIA container toolkit (the default).</summary>
    DeviceRequests,

    /// <summary>The <c>nvidia</c> runtime with <c>NVIDIA_VISIBLE_DEVICES</c>, for engines configured that way.</summary>
    NvidiaRuntime,

    /// <summary>Only sets <c>NVIDIA_VISIBLE_DEVICES</c>/<c>CUDA_VISIBLE_DEVICES</c>; the engine's default runtime must already inject GPUs.</summary>
    EnvironmentOnly,
}
