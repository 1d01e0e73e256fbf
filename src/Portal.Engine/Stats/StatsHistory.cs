namespace Portal.Engine.Stats;

/// <summary>
/// The recent samples of one container, oldest first, bounded by age (the newest sample's time minus the window)
/// and by count, so a clock jump or a burst of frames cannot grow it. Not thread-safe: its feed locks around it.
/// </summary>
internal sealed class StatsHistory(TimeSpan window)
{
    private readonly Queue<ContainerStatsSample> _samples = new();

    // Docker sends one frame a second; twice that leaves room for bursts without letting them grow memory.
    private readonly int _capacity = Math.Max(2, (int)Math.Ceiling(window.TotalSeconds * 2));

    public int Count => _samples.Count;

    /// <summary>The newest sample, or null when there is none.</summary>
    public ContainerStatsSample? Latest { get; private set; }

    public void Add(ContainerStatsSample sample)
    {
        _samples.Enqueue(sample);
        Latest = sample;
        var oldest = sample.ReadAt - window;
        while (_samples.Count > _capacity || (_samples.TryPeek(out var first) && first.ReadAt < oldest))
        {
            _samples.Dequeue();
        }
    }

    public ContainerStatsSample[] ToArray() => _samples.ToArray();
}
