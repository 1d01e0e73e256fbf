using MudBlazor;
using Portal.Engine.Stats;

namespace Portal.Stats;

/// <summary>
/// The series of the stats panel's charts, from the samples of the window. Samples are averaged into fixed time
/// buckets (at most <see cref="MaxPoints"/> per line): every point of a MudBlazor chart is an SVG element with its own
/// event handlers, re-sent to the browser on each update, so a point per sample would cost a viewer hundreds of
/// kilobytes a second. Pure, so it is unit-tested.
/// </summary>
public static class StatsCharts
{
    /// <summary>Points per line at most: 75 over the default 5 minutes is one per 4 seconds.</summary>
    public const int MaxPoints = 75;

    /// <summary>The bucket for a window: whole seconds, at least one.</summary>
    public static TimeSpan BucketFor(TimeSpan window) =>
        TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(window.TotalSeconds / MaxPoints)));

    public static List<ChartSeries<double>> Cpu(IReadOnlyList<ContainerStatsSample> samples, TimeSpan bucket) =>
        [Series("CPU", samples, bucket, s => s.CpuPercent)];

    public static List<ChartSeries<double>> Memory(IReadOnlyList<ContainerStatsSample> samples, TimeSpan bucket) =>
        [Series("Used", samples, bucket, s => s.MemoryUsedBytes)];

    public static List<ChartSeries<double>> Network(IReadOnlyList<ContainerStatsSample> samples, TimeSpan bucket) =>
        [Series("Received", samples, bucket, s => s.NetworkRxBytesPerSecond), Series("Sent", samples, bucket, s => s.NetworkTxBytesPerSecond)];

    public static List<ChartSeries<double>> BlockIo(IReadOnlyList<ContainerStatsSample> samples, TimeSpan bucket) =>
        [Series("Read", samples, bucket, s => s.BlockReadBytesPerSecond), Series("Written", samples, bucket, s => s.BlockWriteBytesPerSecond)];

    /// <summary>
    /// One line: the average of each bucket, at the bucket's start. Buckets are aligned to the clock, so a finished
    /// bucket keeps its value while the newest one fills. Samples without the figure (the first of a stream has no
    /// CPU or rate) count for nothing; a bucket without any leaves no point.
    /// </summary>
    private static ChartSeries<double> Series(string name, IReadOnlyList<ContainerStatsSample> samples, TimeSpan bucket, Func<ContainerStatsSample, double?> value)
    {
        var points = new List<(DateTime, double)>();
        var ticks = Math.Max(1, bucket.Ticks);
        long? current = null;
        double sum = 0;
        var count = 0;
        foreach (var sample in samples)
        {
            var key = sample.ReadAt.UtcTicks / ticks;
            if (key != current)
            {
                Flush();
                current = key;
            }

            if (value(sample) is { } y)
            {
                sum += y;
                count++;
            }
        }

        Flush();
        return new ChartSeries<double> { Name = name, Data = new ChartData<double>(points) };

        void Flush()
        {
            if (current is { } start && count > 0)
            {
                points.Add((new DateTime(start * ticks, DateTimeKind.Utc), sum / count));
            }

            sum = 0;
            count = 0;
        }
    }
}
