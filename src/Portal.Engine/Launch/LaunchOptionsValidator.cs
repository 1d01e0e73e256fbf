using Microsoft.Extensions.Options;

namespace Portal.Engine.Launch;

/// <summary>Reports every problem in the <c>Launch</c> section at once, naming the key.</summary>
internal sealed class LaunchOptionsValidator : IValidateOptions<LaunchOptions>
{
    public ValidateOptionsResult Validate(string? name, LaunchOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.AllowedImages.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.AllowedImages[i]))
            {
                errors.Add($"Launch:AllowedImages:{i} is empty.");
            }
        }

        for (var i = 0; i < options.SharedMounts.Count; i++)
        {
            var mount = options.SharedMounts[i];
            if (!Path.IsPathRooted(mount.Source))
            {
                errors.Add($"Launch:SharedMounts:{i}:Source must be an absolute host path (was '{mount.Source}').");
            }

            if (!mount.Target.StartsWith('/') || mount.Target is "/" || mount.Target.StartsWith("/workspace", StringComparison.Ordinal))
            {
                errors.Add($"Launch:SharedMounts:{i}:Target must be an absolute container path other than / and /workspace (was '{mount.Target}').");
            }
        }

        if (string.IsNullOrWhiteSpace(options.WorkspaceRoot) || !Path.IsPathRooted(options.WorkspaceRoot))
        {
            errors.Add($"Launch:WorkspaceRoot must be an absolute folder (was '{options.WorkspaceRoot}').");
        }

        if (options.PidsLimit < 16)
        {
            errors.Add($"Launch:PidsLimit must be at least 16 (was {options.PidsLimit}).");
        }

        if (options.DefaultShmSizeMiB < 1)
        {
            errors.Add($"Launch:DefaultShmSizeMiB must be at least 1 (was {options.DefaultShmSizeMiB}).");
        }

        if (options.MaxPortsPerContainer is < 0 or > 100)
        {
            errors.Add($"Launch:MaxPortsPerContainer must be 0 to 100 (was {options.MaxPortsPerContainer}).");
        }

        if (options.StopTimeoutSeconds is < 0 or > 600)
        {
            errors.Add($"Launch:StopTimeoutSeconds must be 0 to 600 (was {options.StopTimeoutSeconds}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
