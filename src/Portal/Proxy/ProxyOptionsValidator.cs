using Microsoft.Extensions.Options;

namespace Portal.Proxy;

/// <summary>Reports every problem in the <c>Proxy</c> section at once, naming the key.</summary>
internal sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions options)
    {
        var errors = new List<string>();
        CheckUrl(errors, "Proxy:PublicUrl", options.PublicUrl, allowHttps: true);
        if (!string.IsNullOrWhiteSpace(options.ListenUrl))
        {
            CheckUrl(errors, "Proxy:ListenUrl", options.ListenUrl, allowHttps: false);
        }

        if (options.TicketSeconds is < 5 or > 600)
        {
            errors.Add($"Proxy:TicketSeconds must be between 5 and 600 (was {options.TicketSeconds}).");
        }

        if (options.SessionHours is <= 0 or > 24 * 7)
        {
            errors.Add($"Proxy:SessionHours must be more than 0 and at most {24 * 7} (a week; was {options.SessionHours}).");
        }

        if (options.IdleTimeoutMinutes is < 1 or > 24 * 60)
        {
            errors.Add($"Proxy:IdleTimeoutMinutes must be between 1 and {24 * 60} (was {options.IdleTimeoutMinutes}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>An origin only: the proxy's paths are <c>/{container}/{port}/</c> from the root.</summary>
    private static void CheckUrl(List<string> errors, string key, string value, bool allowHttps)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttp || (allowHttps && uri.Scheme == Uri.UriSchemeHttps))
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            var schemes = allowHttps ? "http:// or https://" : "http://";
            errors.Add($"{key} must be an origin such as {(allowHttps ? "http://127.0.0.1:5081 or https://apps.lab.example" : "http://127.0.0.1:5081")} ({schemes}, no path; was '{value}').");
        }
    }
}
