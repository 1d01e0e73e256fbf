using System.Diagnostics;

namespace Portal.Engine.Tests.Integration;

/// <summary>Runs a host program for diagnostics; a missing program or a failure becomes text, never an exception.</summary>
internal static class HostCommand
{
    public static async Task<string> OutputOrErrorAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(startInfo)!;
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return await output + await error;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"({program} not available: {ex.Message})";
        }
    }
}
