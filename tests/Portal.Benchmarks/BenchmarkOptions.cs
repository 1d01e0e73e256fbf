using System.Globalization;

namespace Portal.Benchmarks;

internal static class BenchmarkOptions
{
    /// <summary>The whole-number value after <paramref name="name"/> in <paramref name="args"/>, else <paramref name="fallback"/>.</summary>
    public static int Read(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : fallback;
    }
}
