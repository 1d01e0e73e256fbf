namespace Portal.Engine.Registries;

/// <summary>A registry answer, or why there is none.</summary>
public sealed record RegistryResult<T>(T? Value, RegistryError? Error)
{
    public bool Succeeded => Error is null;

    public static RegistryResult<T> Success(T value) => new(value, null);

    public static RegistryResult<T> Failure(RegistryError error) => new(default, error);
}
