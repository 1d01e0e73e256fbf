using Microsoft.Extensions.Options;

namespace Portal.Engine.Disk;

/// <summary>Reports every problem in the <c>Disk</c> section at once, naming the key.</summary>
internal sealed class DiskOptionsValidator : IValidateOptions<DiskOptions>
{
    /// <summary>A day: figures older than that are no help to anyone deciding what to remove.</summary>
    internal const double MaxRefreshMinutes = 24 * 60;

    internal const double MaxEventDebounceSeconds = 600;

    internal const double MaxScanTimeoutMinutes = 240;

    internal const int MaxLargestItems = 100;

    public ValidateOptionsResult Validate(string? name, DiskOptions options)
    {
        var errors = new List<string>();
        Check(
            errors,
            options.RefreshMinutes > 0 && options.RefreshMinutes <= MaxRefreshMinutes,
            $"Disk:RefreshMinutes must be more than 0 and at most {MaxRefreshMinutes} (a day; was {options.RefreshMinutes}).");
        Check(
            errors,
            options.EventDebounceSeconds >= 0 && options.EventDebounceSeconds <= MaxEventDebounceSeconds,
            $"Disk:EventDebounceSeconds must be between 0 and {MaxEventDebounceSeconds} (was {options.EventDebounceSeconds}).");
        Check(
            errors,
            options.ScanTimeoutMinutes > 0 && options.ScanTimeoutMinutes <= MaxScanTimeoutMinutes,
            $"Disk:ScanTimeoutMinutes must be more than 0 and at most {MaxScanTimeoutMinutes} (was {options.ScanTimeoutMinutes}).");
        Check(
            errors,
            options.WarningPercent > 0 && options.WarningPercent <= 100,
            $"Disk:WarningPercent must be more than 0 and at most 100 (was {options.WarningPercent}).");
        Check(
            errors,
            options.LargestItems is >= 1 and <= MaxLargestItems,
            $"Disk:LargestItems must be between 1 and {MaxLargestItems} (was {options.LargestItems}).");
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
