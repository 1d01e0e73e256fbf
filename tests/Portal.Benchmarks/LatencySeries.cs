using System.Globalization;

namespace Portal.Benchmarks;

/// <summary>Latency samples of one kind of launch, and their nearest-rank percentiles.</summary>
internal sealed class LatencySeries(string name)
{
    private readonly List<double> _milliseconds = [];

    public string Name { get; } = name;

    public int Count => _milliseconds.Count;

    public void Add(TimeSpan elapsed) => _milliseconds.Add(elapsed.TotalMilliseconds);

    public void AddAll(LatencySeries other) => _milliseconds.AddRange(other._milliseconds);

    /// <summary>The nearest-rank percentile: the smallest sample with at least <paramref name="percent"/>% of samples at or below it.</summary>
    public double Percentile(double percent)
    {
        if (_milliseconds.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _milliseconds.Order().ToList();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public double Mean => _milliseconds.Count == 0 ? double.NaN : _milliseconds.Average();

    public double Min => _milliseconds.Count == 0 ? double.NaN : _milliseconds.Min();

    public double Max => _milliseconds.Count == 0 ? double.NaN : _milliseconds.Max();

    public string Row() => string.Format(
        CultureInfo.InvariantCulture,
        "| {0,-34} | {1,3} | {2,8:0.0} | {3,8:0.0} | {4,8:0.0} | {5,8:0.0} | {6,8:0.0} |",
        Name,
        Count,
        Percentile(50),
        Percentile(95),
        Mean,
        Min,
        Max);
}
