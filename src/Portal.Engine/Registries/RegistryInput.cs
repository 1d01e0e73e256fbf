namespace Portal.Engine.Registries;

/// <summary>What an admin sends to add or change a registry.</summary>
/// <param name="Name">Short name for URLs (<c>harbor</c>); ignored on update, where the name is the key.</param>
/// <param name="Url"><c>http(s)://host[:port]</c>.</param>
/// <param name="UserName">Empty or null for anonymous access (the stored password is then dropped too).</param>
/// <param name="Password">Null keeps the stored password, an empty string removes it, a value replaces it. Never read back.</param>
public sealed record RegistryInput(string? Name, string? Url, string? UserName, string? Password);
