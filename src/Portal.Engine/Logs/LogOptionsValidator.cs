using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Logs;

/// <summary>Reports every problem in the <c>Logs</c> section at once, naming the key.</summary>
internal sealed partial class LogOptionsValidator : IValidateOptions<LogOptions>
{
    /// <summary>Buffers and queues hold lines of up to <see cref="MaxMaxLineLength"/> characters each: keep them countable.</summary>
    internal const int MaxLines = 1_000_000;

    internal const int MinBufferLines = 100;

    internal const int MinViewerQueueLines = 10;

    internal const int MinMaxLineLength = 80;

    internal const int MaxMaxLineLength = 1024 * 1024;

    internal const double MaxLingerSeconds = 3600;

    internal const int MaxRotationFiles = 100;

    public ValidateOptionsResult Validate(string? name, LogOptions options)
    {
        var errors = new List<string>();
        Check(
            errors,
            options.BufferLines is >= MinBufferLines and <= MaxLines,
            $"Logs:BufferLines must be between {MinBufferLines} and {MaxLines} (was {options.BufferLines}).");
        Check(
            errors,
            options.ViewerQueueLines is >= MinViewerQueueLines and <= MaxLines,
            $"Logs:ViewerQueueLines must be between {MinViewerQueueLines} and {MaxLines} (was {options.ViewerQueueLines}).");
        Check(
            errors,
            options.MaxLineLength is >= MinMaxLineLength and <= MaxMaxLineLength,
            $"Logs:MaxLineLength must be between {MinMaxLineLength} and {MaxMaxLineLength} characters (was {options.MaxLineLength}).");
        Check(
            errors,
            options.LingerSeconds is >= 0 and <= MaxLingerSeconds,
            $"Logs:LingerSeconds must be between 0 (close at once) and {MaxLingerSeconds} (was {options.LingerSeconds}).");
        Check(
            errors,
            options.RotationMaxSize is not null && DockerSize().IsMatch(options.RotationMaxSize),
            $"Logs:RotationMaxSize must be a size like 10m: a whole number above 0 with an optional unit k, m or g (was '{options.RotationMaxSize}').");
        Check(
            errors,
            options.RotationMaxFiles is >= 1 and <= MaxRotationFiles,
            $"Logs:RotationMaxFiles must be between 1 and {MaxRotationFiles} (was {options.RotationMaxFiles}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, bool ok, string message)
    {
        if (!ok)
        {
            errors.Add(message);
        }
    }

    /// <summary>What json-file's max-size accepts, less the exotic spellings ("10 MiB"): the form Docker's docs show.</summary>
    [GeneratedRegex("^[1-9][0-9]{0,8}[kmgKMG]?$")]
    private static partial Regex DockerSize();
}
