using Microsoft.Extensions.Options;

namespace Portal.Configuration;

/// <summary>Reports every problem in the <c>Portal</c> section at once, naming the key.</summary>
internal sealed class PortalOptionsValidator : IValidateOptions<PortalOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add("Portal:DataDirectory must name a folder (default .portal).");
        }

        if (string.IsNullOrWhiteSpace(options.BootstrapAdmin.UserName) || !UserNameRules.IsValid(options.BootstrapAdmin.UserName))
        {
            errors.Add($"Portal:BootstrapAdmin:UserName '{options.BootstrapAdmin.UserName}' is not a valid user name ({UserNameRules.Description}).");
        }

        if (!string.IsNullOrEmpty(options.BootstrapAdmin.Password) && options.BootstrapAdmin.Password.Length < PasswordRules.MinimumLength)
        {
            errors.Add($"Portal:BootstrapAdmin:Password must have at least {PasswordRules.MinimumLength} characters, or be empty to generate one.");
        }

        if (options.ApiTokenLifetime < TimeSpan.FromMinutes(1) || options.ApiTokenLifetime > TimeSpan.FromDays(3650))
        {
            errors.Add($"Portal:ApiTokenLifetime must be between 00:01:00 and 3650.00:00:00 (was {options.ApiTokenLifetime}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
