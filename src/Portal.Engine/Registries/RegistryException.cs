namespace Portal.Engine.Registries;

/// <summary>Carries a <see cref="RegistryError"/> out of the HTTP plumbing; services turn it into a result.</summary>
internal sealed class RegistryException(RegistryError error) : Exception(error.Message)
{
    public RegistryError Error { get; } = error;
}
