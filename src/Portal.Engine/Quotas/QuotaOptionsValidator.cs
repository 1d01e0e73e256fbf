using Microsoft.Extensions.Options;

namespace Portal.Engine.Quotas;

/// <summary>Reports every problem in the <c>Quotas</c> section at once, naming the key.</summary>
internal sealed class QuotaOptionsValidator : IValidateOptions<QuotaOptions>
{
    public ValidateOptionsResult Validate(string? name, QuotaOptions options)
    {
        var errors = new List<string>();
        Check(errors, options.MaxGpus >= 0, $"Quotas:MaxGpus must be 0 or more (was {options.MaxGpus}).");
        Check(errors, options.MaxContainers >= 0, $"Quotas:MaxContainers must be 0 or more (was {options.MaxContainers}).");
        Check(errors, options.MaxCpusPerContainer > 0, $"Quotas:MaxCpusPerContainer must be positive (was {options.MaxCpusPerContainer}).");
        Check(errors, options.MaxMemoryMiBPerContainer >= 6, $"Quotas:MaxMemoryMiBPerContainer must be at least 6 (Docker's minimum; was {options.MaxMemoryMiBPerContainer}).");
        Check(errors, options.MaxShmMiBPerContainer >= 1, $"Quotas:MaxShmMiBPerContainer must be at least 1 (was {options.MaxShmMiBPerContainer}).");
        Check(errors, options.MaxDiskGiB >= 0 && double.IsFinite(options.MaxDiskGiB), $"Quotas:MaxDiskGiB must be 0 (unlimited) or more (was {options.MaxDiskGiB}).");
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
