using System.Diagnostics;

namespace Portal.E2E.Infrastructure;

/// <summary>Runs a short command to completion (docker version, dotnet publish) with a time limit.</summary>
internal static class ProcessRunner
{
    /// <summary>The dotnet host that runs these tests; the SDK sets DOTNET_HOST_PATH under dotnet test.</summary>
    public static string DotnetHost { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
        ? host
        : "dotnet";

    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var startInfo = CreateStartInfo(fileName, arguments, workingDirectory);
        var output = new ProcessOutput();
        using var process = new Process { StartInfo = startInfo };
        output.Attach(process);
        var commandLine = $"{fileName} {string.Join(' ', startInfo.ArgumentList)}";
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start '{commandLine}': {e.Message}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{commandLine}' did not finish within {timeout.TotalSeconds:0} s. Its output:\n{output}");
        }

        // The parameterless wait returns only once the redirected streams are drained.
        await process.WaitForExitAsync(CancellationToken.None);
        return new ProcessResult(commandLine, process.ExitCode, output.ToString());
    }

    /// <summary>A start info that redirects output and does not leak the test runner's MSBuild settings into child builds.</summary>
    public static ProcessStartInfo CreateStartInfo(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // dotnet test exports MSBuild paths for its own build; a child `dotnet run` or `dotnet publish` must find its own.
        foreach (var name in startInfo.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return startInfo;
    }
}

/// <summary>What a finished command returned.</summary>
internal sealed record ProcessResult(string CommandLine, int ExitCode, string Output)
{
    public ProcessResult EnsureSuccess() => ExitCode == 0
        ? this
        : throw new InvalidOperationException($"'{CommandLine}' exited with {ExitCode}. Its output:\n{Output}");
}
