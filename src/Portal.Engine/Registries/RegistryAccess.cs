namespace Portal.Engine.Registries;

/// <summary>A registry with its unprotected password, for the engine's own calls to it (pull, push, browse).</summary>
public sealed record RegistryAccess(RegistryInfo Registry, string? Password)
{
    /// <summary>Credentials to send, or null when the registry is used anonymously.</summary>
    public bool HasCredentials => Registry.UserName is not null && Password is not null;
}
