using Microsoft.Extensions.Options;

namespace Portal.Engine.Docker;

/// <summary>Reports every problem in the <c>Docker</c> section at once, naming the key.</summary>
internal sealed class DockerOptionsValidator : IValidateOptions<DockerOptions>
{
    private static readonly string[] SupportedSchemes = ["unix", "tcp", "http", "https", "npipe"];

    public ValidateOptionsResult Validate(string? name, DockerOptions options)
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || !SupportedSchemes.Contains(endpoint.Scheme))
        {
            errors.Add($"Docker:Endpoint '{options.Endpoint}' is not a Docker endpoint; use unix:///var/run/docker.sock or tcp://HOST:PORT.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Docker:RequestTimeout must be positive (was {options.RequestTimeout}).");
        }

        if (options.HealthCheckInterval < TimeSpan.FromMilliseconds(100))
        {
            errors.Add($"Docker:HealthCheckInterval must be at least 00:00:00.1 (was {options.HealthCheckInterval}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
