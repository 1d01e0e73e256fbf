using Portal.Engine.Common;

namespace Portal.Engine.Images;

/// <summary>
/// The live progress of one image action. The caller makes one, hands it to <see cref="IImageManager"/>, and
/// watches it: <see cref="WatchAsync"/> yields the current snapshot and then every change (only the newest one when
/// the reader is slow) until the watcher's token is cancelled. Log lines are capped, so memory is bounded.
/// </summary>
public sealed class ImageProgress
{
    /// <summary>Statuses after which a layer is fully there (pulled, found locally, pushed or already in the registry).</summary>
    private static readonly string[] FinishedStatuses =
        ["Pull complete", "Already exists", "Pushed", "Layer already exists", "Mounted from"];

    private readonly Lock _gate = new();
    private readonly int _maxLogLines;
    private readonly List<LayerProgress> _layers = [];
    private readonly Queue<string> _log = new();
    private readonly LatestValueBroadcaster<ImageProgressSnapshot> _broadcaster = new(ImageProgressSnapshot.Empty);
    private string _phase = string.Empty;
    private long _dropped;
    private bool _done;
    private string? _error;

    /// <param name="maxLogLines">Lines kept for the log view. Defaults to 5000.</param>
    public ImageProgress(int maxLogLines = 5000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLogLines, 1);
        _maxLogLines = maxLogLines;
    }

    public ImageProgressSnapshot Current => _broadcaster.Current;

    /// <summary>The current snapshot, then every later one, until <paramref name="cancellationToken"/> is cancelled (the watcher ends it).</summary>
    public IAsyncEnumerable<ImageProgressSnapshot> WatchAsync(CancellationToken cancellationToken) =>
        _broadcaster.WatchAsync(cancellationToken);

    /// <summary>Starts a phase (a commit's push follows its commit): layers start over, the log goes on.</summary>
    internal void BeginPhase(string phase)
    {
        lock (_gate)
        {
            _phase = phase;
            _layers.Clear();
            PublishLocked();
        }
    }

    /// <summary>One message of the engine's JSON progress stream.</summary>
    internal void Report(string? layerId, string? status, long? current, long? total, string? text)
    {
        lock (_gate)
        {
            if (!string.IsNullOrEmpty(text))
            {
                foreach (var line in text.TrimEnd('\n').Split('\n'))
                {
                    AddLineLocked(line.TrimEnd('\r'));
                }
            }

            if (!string.IsNullOrEmpty(layerId) && !string.IsNullOrEmpty(status) && IsLayerId(layerId))
            {
                UpdateLayerLocked(layerId, status, current, total);
            }
            else if (!string.IsNullOrEmpty(status))
            {
                AddLineLocked(string.IsNullOrEmpty(layerId) ? status : $"{layerId}: {status}");
            }

            PublishLocked();
        }
    }

    internal void AddLine(string line)
    {
        lock (_gate)
        {
            AddLineLocked(line);
            PublishLocked();
        }
    }

    internal void Complete(string? error)
    {
        lock (_gate)
        {
            _done = true;
            _error = error;
            if (error is not null)
            {
                AddLineLocked("ERROR: " + error);
            }

            PublishLocked();
        }
    }

    /// <summary>
    /// The engine's fraction of a layer: downloads count for 80 % of a pull and extraction for the rest; a push is its
    /// upload.
    /// </summary>
    internal static double FractionOf(string status, long? current, long? total, double previous)
    {
        var part = current is { } c && total is > 0 and { } t ? Math.Clamp((double)c / t, 0, 1) : 0;
        if (FinishedStatuses.Any(s => status.StartsWith(s, StringComparison.Ordinal)))
        {
            return 1;
        }

        return status switch
        {
            "Downloading" => 0.8 * part,
            "Verifying Checksum" or "Download complete" => 0.8,
            "Extracting" => 0.8 + (0.2 * part),
            "Pushing" => Math.Max(previous, part),
            _ => previous,
        };
    }

    /// <summary>Pulls and pushes name layers by 12 hex digits; other ids are tags or references with a status line.</summary>
    private static bool IsLayerId(string id) => id.Length == 12 && id.All(Uri.IsHexDigit);

    private void UpdateLayerLocked(string id, string status, long? current, long? total)
    {
        var index = _layers.FindIndex(l => l.Id == id);
        var previous = index >= 0 ? _layers[index].Fraction : 0;
        var layer = new LayerProgress(id, status, current, total, FractionOf(status, current, total, previous));
        if (index >= 0)
        {
            _layers[index] = layer;
        }
        else
        {
            _layers.Add(layer);
        }
    }

    private void AddLineLocked(string line)
    {
        _log.Enqueue(line);
        while (_log.Count > _maxLogLines)
        {
            _log.Dequeue();
            _dropped++;
        }
    }

    private void PublishLocked()
    {
        double? overall = _layers.Count == 0 ? null : _layers.Average(l => l.Fraction);
        _broadcaster.Publish(new ImageProgressSnapshot(_phase, [.. _layers], [.. _log], _dropped, overall, _done, _error));
    }
}
