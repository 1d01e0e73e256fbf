using Microsoft.Extensions.Options;

namespace Portal.Engine.Registries;

/// <summary>Reports every problem in the <c>Registries</c> section at once, naming the key.</summary>
internal sealed class RegistryOptionsValidator : IValidateOptions<RegistryOptions>
{
    /// <summary>Distribution refuses larger pages; asking for more only hides that.</summary>
    internal const int MaxPageSize = 1000;

    public ValidateOptionsResult Validate(string? name, RegistryOptions options)
    {
        var errors = new List<string>();
        if (RegistryUrl.Normalize(options.LabUrl) is null)
        {
            errors.Add($"Registries:LabUrl must be http(s)://host[:port] without a path (was '{options.LabUrl}').");
        }

        if (options.PageSize is < 1 or > MaxPageSize)
        {
            errors.Add($"Registries:PageSize must be between 1 and {MaxPageSize} (was {options.PageSize}).");
        }

        if (options.RequestTimeoutSeconds is < 1 or > 600)
        {
            errors.Add($"Registries:RequestTimeoutSeconds must be between 1 and 600 (was {options.RequestTimeoutSeconds}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
