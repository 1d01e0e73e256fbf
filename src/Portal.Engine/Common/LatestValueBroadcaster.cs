using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Portal.Engine.Common;

/// <summary>
/// Holds the latest value of something and pushes every new value to subscribers. Each subscriber reads a
/// channel of capacity one that keeps only the newest value, so a slow reader never grows memory.
/// </summary>
public sealed class LatestValueBroadcaster<T>(T initial)
    where T : class
{
    private readonly Lock _gate = new();
    private readonly List<Channel<T>> _subscribers = [];
    private T _current = initial;

    public T Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public void Publish(T value)
    {
        lock (_gate)
        {
            _current = value;
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(value);
            }
        }
    }

    /// <summary>
    /// Yields the current value, then every later one. The sequence ends when <paramref name="cancellationToken"/>
    /// is cancelled; the subscription is removed then.
    /// </summary>
    public async IAsyncEnumerable<T> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        T snapshot;
        lock (_gate)
        {
            snapshot = _current;
            _subscribers.Add(channel);
        }

        try
        {
            yield return snapshot;
            while (await WaitToReadAsync(channel.Reader, cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var value))
                {
                    yield return value;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        }
    }

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    private static async Task<bool> WaitToReadAsync(ChannelReader<T> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
