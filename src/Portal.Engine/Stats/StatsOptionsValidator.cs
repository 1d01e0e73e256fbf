using Microsoft.Extensions.Options;

namespace Portal.Engine.Stats;

/// <summary>Reports every problem in the <c>Stats</c> section at once, naming the key.</summary>
internal sealed class StatsOptionsValidator : IValidateOptions<StatsOptions>
{
    /// <summary>An hour of one-second samples is 3 600 per followed container: enough for a glance, small in memory.</summary>
    internal const int MaxHistoryMinutes = 60;

    /// <summary>An hour: a stream nobody watches for longer is only cost.</summary>
    internal const double MaxLingerSeconds = 3600;

    public ValidateOptionsResult Validate(string? name, StatsOptions options)
    {
        var errors = new List<string>();
        if (options.HistoryMinutes is < 1 or > MaxHistoryMinutes)
        {
            errors.Add($"Stats:HistoryMinutes must be between 1 and {MaxHistoryMinutes} (was {options.HistoryMinutes}).");
        }

        if (!(options.LingerSeconds >= 0 && options.LingerSeconds <= MaxLingerSeconds))
        {
            errors.Add($"Stats:LingerSeconds must be between 0 and {MaxLingerSeconds} (was {options.LingerSeconds}).");
        }

        if (options.DiskRefreshSeconds is < 1 or > 3600)
        {
            errors.Add($"Stats:DiskRefreshSeconds must be between 1 and 3600 (was {options.DiskRefreshSeconds}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
