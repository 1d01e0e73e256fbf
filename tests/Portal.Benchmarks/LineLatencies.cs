using System.Globalization;

namespace Portal.Benchmarks;

/// <summary>
/// Write-to-receive latencies of the logs benchmark's lines ("sequence write-time-ns padding") as one follower saw
/// them, and whether it saw every line in order.
/// </summary>
internal sealed class LineLatencies(string name)
{
    /// <summary>About how long one written line is, with its break.</summary>
    public const int LineBytes = 100;

    private readonly LatencySeries _series = new(name);
    private long _nextSequence;

    public string Name { get; } = name;

    public int Count => _series.Count;

    /// <summary>Lines the portal said this follower missed (it fell behind).</summary>
    public long Missed { get; set; }

    /// <summary>Lines that arrived out of order or twice (should stay zero).</summary>
    public long OutOfOrder { get; private set; }

    /// <summary>Records one received line; true once the writer's end marker arrives.</summary>
    public bool Record(ReadOnlySpan<char> line, long receivedNanoseconds)
    {
        if (line.SequenceEqual("END"))
        {
            return true;
        }

        var firstSpace = line.IndexOf(' ');
        var rest = line[(firstSpace + 1)..];
        var secondSpace = rest.IndexOf(' ');
        if (firstSpace <= 0 || secondSpace <= 0
            || !long.TryParse(line[..firstSpace], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || !long.TryParse(rest[..secondSpace], NumberStyles.None, CultureInfo.InvariantCulture, out var written))
        {
            return false;
        }

        if (sequence < _nextSequence)
        {
            OutOfOrder++;
        }

        _nextSequence = sequence + 1;
        _series.Add(TimeSpan.FromTicks((receivedNanoseconds - written) / 100));
        return false;
    }

    public double Percentile(double percent) => _series.Percentile(percent);

    public static LineLatencies Merge(string name, IEnumerable<LineLatencies> parts)
    {
        var merged = new LineLatencies(name);
        foreach (var part in parts)
        {
            merged._series.AddAll(part._series);
            merged.Missed += part.Missed;
            merged.OutOfOrder += part.OutOfOrder;
        }

        return merged;
    }
}
