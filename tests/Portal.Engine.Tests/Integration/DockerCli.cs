using System.Diagnostics;

namespace Portal.Engine.Tests.Integration;

/// <summary>The <c>docker</c> command line, for checks from outside the portal (logs, exec, inspect), as a person would do them.</summary>
internal static class DockerCli
{
    public static async Task<DockerCliResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("docker")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("docker did not start.");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return new DockerCliResult(process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    /// <summary>Runs a command that must succeed and returns its standard output.</summary>
    public static async Task<string> OutputAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await RunAsync(arguments, cancellationToken);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.Error}");
        return result.Output;
    }
}

internal sealed record DockerCliResult(int ExitCode, string Output, string Error);
