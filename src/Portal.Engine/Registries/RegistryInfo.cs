namespace Portal.Engine.Registries;

/// <summary>A configured registry as the rest of the portal sees it: never its password.</summary>
/// <param name="Name">Short name used in URLs (<c>lab</c>).</param>
/// <param name="Url">Base URL, <c>http(s)://host[:port]</c>.</param>
/// <param name="Host">What image references on this registry start with: <c>host[:port]</c>.</param>
/// <param name="IsLab">The lab's own registry, where members push into <c>&lt;host&gt;/&lt;userName&gt;/...</c>.</param>
public sealed record RegistryInfo(string Name, string Url, string Host, string? UserName, bool HasPassword, bool IsLab);
