using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Portal.Proxy;

/// <summary>
/// Issues and reads the two signed tokens of the proxy: the short-lived, single-use entry ticket the portal hands
/// out, and the cookie the proxy sets in exchange. Each has its own Data Protection purpose, and the portal's cookie
/// authentication has yet another, so none of them can stand in for another.
/// </summary>
public sealed class ProxyTickets
{
    private const string TicketPurpose = "Portal.Proxy.Ticket.v1";
    private const string SessionPurpose = "Portal.Proxy.Session.v1";
    private const int MaxCachedSessions = 10_000;

    private readonly ITimeLimitedDataProtector _tickets;
    private readonly ITimeLimitedDataProtector _sessions;
    private readonly IOptions<ProxyOptions> _options;
    private readonly TimeProvider _timeProvider;

    // Nonces of redeemed tickets until their expiry, so a ticket copied from a URL cannot be used twice.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _redeemed = new(StringComparer.Ordinal);

    // Cookies already checked, with their grant and expiry; bounded, since anyone can send cookies that decrypt.
    private readonly ConcurrentDictionary<string, (ProxyGrant Grant, DateTimeOffset Expiration)> _readSessions = new(StringComparer.Ordinal);

    public ProxyTickets(IDataProtectionProvider dataProtection, IOptions<ProxyOptions> options, TimeProvider timeProvider)
    {
        _tickets = dataProtection.CreateProtector(TicketPurpose).ToTimeLimitedDataProtector();
        _sessions = dataProtection.CreateProtector(SessionPurpose).ToTimeLimitedDataProtector();
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <summary>A ticket for <paramref name="grant"/> (its nonce is set here), valid for <see cref="ProxyOptions.TicketLifetime"/>.</summary>
    public string IssueTicket(ProxyGrant grant)
    {
        var nonce = RandomNumberGenerator.GetHexString(32, lowercase: true);
        return _tickets.Protect(JsonSerializer.Serialize(grant with { Nonce = nonce }), _options.Value.TicketLifetime);
    }

    /// <summary>The ticket's grant, or null when it is forged, expired or was redeemed before.</summary>
    public ProxyGrant? RedeemTicket(string? ticket)
    {
        if (Read(_tickets, ticket, out var expiration) is not { Nonce: { Length: > 0 } nonce } grant)
        {
            return null;
        }

        var now = _timeProvider.GetUtcNow();
        foreach (var (old, until) in _redeemed)
        {
            if (until < now)
            {
                _redeemed.TryRemove(old, out _);
            }
        }

        return _redeemed.TryAdd(nonce, expiration) ? grant with { Nonce = null } : null;
    }

    /// <summary>The cookie value for <paramref name="grant"/>, valid for <see cref="ProxyOptions.SessionLifetime"/>.</summary>
    public string IssueSession(ProxyGrant grant) =>
        _sessions.Protect(JsonSerializer.Serialize(grant with { AppPath = null, Nonce = null }), _options.Value.SessionLifetime);

    /// <summary>The cookie's grant, or null when it is forged or expired.</summary>
    public ProxyGrant? ReadSession(string? cookie)
    {
        if (string.IsNullOrEmpty(cookie))
        {
            return null;
        }

        // Every proxied request carries the cookie: decrypt each value once, not per request (until it expires).
        var now = _timeProvider.GetUtcNow();
        if (_readSessions.TryGetValue(cookie, out var known) && known.Expiration > now)
        {
            return known.Grant;
        }

        if (Read(_sessions, cookie, out var expiration) is not { } grant)
        {
            return null;
        }

        if (_readSessions.Count >= MaxCachedSessions)
        {
            _readSessions.Clear();
        }

        _readSessions[cookie] = (grant, expiration);
        return grant;
    }

    private static ProxyGrant? Read(ITimeLimitedDataProtector protector, string? value, out DateTimeOffset expiration)
    {
        expiration = default;
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ProxyGrant>(protector.Unprotect(value, out expiration));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or JsonException)
        {
            return null;
        }
    }
}
