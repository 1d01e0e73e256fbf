namespace Portal.Api;

/// <summary>What the registry's <c>/v2/</c> answered.</summary>
public sealed record RegistryConnectionTestResponse(string Message);
