using Portal.Engine.Stats;

namespace Portal.Stats;

/// <summary>
/// What the stats panel shows of one container: the samples of the last minutes, oldest first, and the stream's
/// state. Applies the engine's updates in order (a snapshot replaces, the rest append) and keeps only the window,
/// so a page left open for days holds no more than the engine does.
/// </summary>
public sealed class ContainerStatsTimeline(TimeSpan window)
{
    private readonly List<ContainerStatsSample> _samples = [];

    public IReadOnlyList<ContainerStatsSample> Samples => _samples;

    public ContainerStatsSample? Current => _samples.Count > 0 ? _samples[^1] : null;

    public ContainerStatsState State { get; private set; } = ContainerStatsState.Waiting;

    public string? Error { get; private set; }

    /// <summary>True once the snapshot arrived.</summary>
    public bool IsLoaded { get; private set; }

    public void Apply(ContainerStatsUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.IsSnapshot)
        {
            _samples.Clear();
            IsLoaded = true;
        }

        foreach (var sample in update.Samples)
        {
            // A slow reader may miss updates, never see one twice; out-of-order would only come from a bug upstream.
            if (_samples.Count == 0 || sample.ReadAt > _samples[^1].ReadAt)
            {
                _samples.Add(sample);
            }
        }

        State = update.State;
        Error = update.Error;
        if (Current is { } newest)
        {
            var oldest = newest.ReadAt - window;
            _samples.RemoveAll(s => s.ReadAt < oldest);
        }
    }
}
