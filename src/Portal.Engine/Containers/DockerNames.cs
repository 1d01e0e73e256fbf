using System.Text;

namespace Portal.Engine.Containers;

/// <summary>Derives Docker object names from owner and name, so two members may both call a container <c>train</c>.</summary>
public static class DockerNames
{
    /// <summary>Returns <c>portal-{owner}-{name}</c> reduced to what Docker accepts (<c>[a-zA-Z0-9][a-zA-Z0-9_.-]*</c>).</summary>
    public static string ForContainer(string owner, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return $"portal-{Sanitize(owner)}-{Sanitize(name)}";
    }

    internal static string Sanitize(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value.Trim().ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '_');
        }

        return builder.ToString();
    }
}
