using System.Threading.Channels;

namespace Portal.Engine.Containers;

/// <summary>
/// An <see cref="IProgress{T}"/> that writes into a channel in order. Progress&lt;T&gt; posts each report to the
/// thread pool, which can reorder Docker's events; this does not.
/// </summary>
internal sealed class ChannelProgress<T>(ChannelWriter<T> writer) : IProgress<T>
{
    public void Report(T value) => writer.TryWrite(value);
}
