using System.Collections.Concurrent;

namespace Portal.Engine.Registries;

/// <summary>
/// Bearer tokens per registry, user and scope, kept until shortly before they expire, so browsing a repository asks
/// the token server once, not once per request.
/// </summary>
internal sealed class RegistryTokenCache(TimeProvider timeProvider)
{
    // Tokens are used a little after they are looked up; one that is about to expire is fetched again.
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset ExpiresAt)> _tokens = new(StringComparer.Ordinal);

    public string? Find(string registryUrl, string? userName, string scope) =>
        _tokens.TryGetValue(Key(registryUrl, userName, scope), out var entry) && entry.ExpiresAt > timeProvider.GetUtcNow()
            ? entry.Token
            : null;

    public void Store(string registryUrl, string? userName, string scope, string token, TimeSpan lifetime)
    {
        var usable = lifetime > ExpiryMargin * 2 ? lifetime - ExpiryMargin : lifetime / 2;
        _tokens[Key(registryUrl, userName, scope)] = (token, timeProvider.GetUtcNow() + usable);
    }

    /// <summary>Forgets a registry's tokens (its credentials changed).</summary>
    public void Forget(string registryUrl)
    {
        foreach (var key in _tokens.Keys.Where(k => k.StartsWith(registryUrl + "|", StringComparison.Ordinal)))
        {
            _tokens.TryRemove(key, out _);
        }
    }

    private static string Key(string registryUrl, string? userName, string scope) => $"{registryUrl}|{userName}|{scope}";
}
