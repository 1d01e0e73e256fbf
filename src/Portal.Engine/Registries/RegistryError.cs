namespace Portal.Engine.Registries;

/// <summary>Why a registry action failed: a stable code from <see cref="RegistryErrorCodes"/>, a message for people, and field errors.</summary>
public sealed record RegistryError(string Code, string Message, IReadOnlyDictionary<string, string[]>? FieldErrors = null)
{
    public static RegistryError Invalid(IReadOnlyDictionary<string, string[]> fieldErrors) =>
        new(RegistryErrorCodes.InvalidRequest, "The request is invalid: " + string.Join(" ", fieldErrors.SelectMany(e => e.Value)), fieldErrors);

    public static RegistryError UnknownRegistry(string name) =>
        new(RegistryErrorCodes.NotFound, $"There is no registry named '{name}'.");
}
