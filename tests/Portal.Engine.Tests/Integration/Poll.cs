using System.Diagnostics;

namespace Portal.Engine.Tests.Integration;

/// <summary>Bounded polling for what happens asynchronously (Docker events): the only waiting these tests do.</summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Reads until <paramref name="done"/> holds and returns that value; fails with the last value after <paramref name="timeout"/>.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"{what} did not happen within {timeout.TotalSeconds:0.#} s; last seen: {Describe(value)}");
            }

            await Task.Delay(Interval, cancellationToken);
        }
    }

    public static Task<T> UntilAsync<T>(Func<T> read, Func<T, bool> done, TimeSpan timeout, string what, CancellationToken cancellationToken) =>
        UntilAsync(() => Task.FromResult(read()), done, timeout, what, cancellationToken);

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        string text => $"'{text}'",
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>()) + "]",
        _ => value.ToString() ?? string.Empty,
    };
}
