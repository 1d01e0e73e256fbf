using Microsoft.Extensions.Options;

namespace Portal.Engine.Gpus;

/// <summary>Reports every problem in the <c>Gpus</c> section at once, naming the key.</summary>
internal sealed class GpuOptionsValidator : IValidateOptions<GpuOptions>
{
    internal static readonly TimeSpan MinimumRefreshInterval = TimeSpan.FromSeconds(1);

    public ValidateOptionsResult Validate(string? name, GpuOptions options)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Source))
        {
            errors.Add($"Gpus:Source '{options.Source}' is not supported; use NvidiaSmi, File or None.");
        }

        if (options.Source == GpuSource.File && string.IsNullOrWhiteSpace(options.FilePath))
        {
            errors.Add("Gpus:FilePath is required when Gpus:Source is File; point it at a saved `nvidia-smi -q -x` document.");
        }

        if (string.IsNullOrWhiteSpace(options.NvidiaSmiPath))
        {
            errors.Add("Gpus:NvidiaSmiPath must not be empty; leave it out to use nvidia-smi from PATH.");
        }

        if (options.RefreshInterval < MinimumRefreshInterval)
        {
            errors.Add($"Gpus:RefreshInterval must be at least {MinimumRefreshInterval} (was {options.RefreshInterval}).");
        }

        if (!Enum.IsDefined(options.Binding))
        {
            errors.Add($"Gpus:Binding '{options.Binding}' is not supported; use DeviceRequests, NvidiaRuntime or EnvironmentOnly.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
