using Microsoft.Extensions.Options;

namespace Portal.Engine.Terminals;

/// <summary>Reports every problem in the <c>Terminals</c> section at once, naming the key.</summary>
internal sealed class TerminalOptionsValidator : IValidateOptions<TerminalOptions>
{
    /// <summary>A week: longer grace periods keep forgotten shells alive for no one.</summary>
    internal const double MaxGraceMinutes = 7 * 24 * 60;

    /// <summary>A year: anything longer is "off", which is 0.</summary>
    internal const double MaxIdleMinutes = 366 * 24 * 60;

    /// <summary>64 MiB: scrollback and queue are per session, and a user may hold several sessions.</summary>
    internal const int MaxBufferKiB = 64 * 1024;

    /// <summary>The queue must hold at least one read from Docker.</summary>
    internal const int MinOutputQueueKiB = 16;

    public ValidateOptionsResult Validate(string? name, TerminalOptions options)
    {
        var errors = new List<string>();
        Check(
            errors,
            options.DetachedGraceMinutes > 0 && options.DetachedGraceMinutes <= MaxGraceMinutes,
            $"Terminals:DetachedGraceMinutes must be more than 0 and at most {MaxGraceMinutes} (a week; was {options.DetachedGraceMinutes}).");
        Check(
            errors,
            options.ScrollbackKiB is >= 1 and <= MaxBufferKiB,
            $"Terminals:ScrollbackKiB must be between 1 and {MaxBufferKiB} (was {options.ScrollbackKiB}).");
        Check(
            errors,
            options.MaxSessionsPerUser >= 1,
            $"Terminals:MaxSessionsPerUser must be at least 1 (was {options.MaxSessionsPerUser}).");
        Check(
            errors,
            options.IdleTimeoutMinutes >= 0 && options.IdleTimeoutMinutes <= MaxIdleMinutes,
            $"Terminals:IdleTimeoutMinutes must be 0 (off) or up to {MaxIdleMinutes} (a year; was {options.IdleTimeoutMinutes}).");
        Check(
            errors,
            options.HeartbeatSeconds is >= 1 and <= 3600,
            $"Terminals:HeartbeatSeconds must be between 1 and 3600 (was {options.HeartbeatSeconds}).");
        Check(
            errors,
            options.OutputQueueKiB is >= MinOutputQueueKiB and <= MaxBufferKiB,
            $"Terminals:OutputQueueKiB must be between {MinOutputQueueKiB} and {MaxBufferKiB} (was {options.OutputQueueKiB}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, bool ok, string message)
    {
        if (!ok)
        {
            errors.Add(message);
        }
    }
}
