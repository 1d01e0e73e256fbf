using System.Globalization;

namespace Portal.Benchmarks;

/// <summary>
/// Launch latency through the portal's API (<c>POST /api/v1/containers</c>, 0 and 1 GPU) against raw create+start on
/// the same engine, in one run, so the ratio compares like with like.
///   dotnet Portal.Benchmarks.dll [--iterations 20] [--warmup 3]
/// With <c>terminal</c> first, the browser-terminal benchmark instead (see <see cref="TerminalBenchmark"/>); with
/// <c>logs</c>, the live-logs benchmark (see <see cref="LogsBenchmark"/>); with <c>disk</c>, disk accounting at scale
/// (see <see cref="DiskBenchmark"/>); with <c>proxy</c>, the web proxy against direct and configurable-http-proxy
/// (see <see cref="ProxyBenchmark"/>). <c>terminal-relay</c> is not a benchmark: it is the minimal relay the terminal
/// benchmark starts as its own process (see <see cref="MinimalTerminalRelay"/>).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var iterations = BenchmarkOptions.Read(args, "--iterations", 20);
        var warmup = BenchmarkOptions.Read(args, "--warmup", 3);
        if (iterations < 1 || warmup < 0)
        {
            await Console.Error.WriteLineAsync("usage: Portal.Benchmarks [--iterations N>=1] [--warmup N>=0]");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        try
        {
            if (args.Length > 0 && args[0] == "terminal")
            {
                return await TerminalBenchmark.MainAsync(args[1..], stop.Token);
            }

            if (args.Length > 0 && args[0] == "terminal-relay")
            {
                return await MinimalTerminalRelay.MainAsync(args[1..], stop.Token);
            }

            if (args.Length > 0 && args[0] == "disk")
            {
                return await DiskBenchmark.MainAsync(args[1..], stop.Token);
            }

            if (args.Length > 0 && args[0] == "proxy")
            {
                return await ProxyBenchmark.MainAsync(args[1..], stop.Token);
            }

            if (args.Length > 0 && args[0] == "logs")
            {
                return await LogsBenchmark.MainAsync(args[1..], stop.Token);
            }

            await using var benchmark = await LaunchBenchmark.StartAsync(stop.Token);
            var report = await benchmark.RunAsync(iterations, warmup, stop.Token);
            Console.WriteLine(report);
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Cancelled; what was made is being removed.");
            return 130;
        }
    }
}
