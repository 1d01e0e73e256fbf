namespace Portal.Engine.Gpus;

/// <summary>A GPU source failed in a way the message explains to people; the monitor turns it into <see cref="GpuSnapshot.Error"/>.</summary>
internal sealed class GpuSourceException : Exception
{
    public GpuSourceException(string message)
        : base(message)
    {
    }

    public GpuSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
