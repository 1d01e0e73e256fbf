using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Portal.Engine.Tests.Registries;

/// <summary>
/// A small Docker token server for a registry configured with <c>auth: token:</c>: it checks Basic credentials and
/// answers <c>{"token": JWT}</c>, the JWT signed RS256 by a self-signed certificate carried in its <c>x5c</c> header
/// (Distribution 2.8 verifies that chain against <c>rootcertbundle</c>). It grants what is asked and counts requests.
/// </summary>
internal sealed class TokenServer : IAsyncDisposable
{
    public const string Service = "portal-test-registry";

    public const string Issuer = "portal-test-issuer";

    private readonly HttpListener _listener = new();
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly string _userName;
    private readonly string _password;
    private readonly Task _serving;
    private readonly List<string> _scopes = [];

    public TokenServer(string userName, string password, int port)
    {
        _userName = userName;
        _password = password;
        var request = new CertificateRequest("CN=portal-test-token", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Realm = $"http://127.0.0.1:{port}/token";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Realm { get; }

    /// <summary>The scopes tokens were asked for, in order (empty for the bare <c>/v2/</c> check).</summary>
    public IReadOnlyList<string> Scopes
    {
        get
        {
            lock (_scopes)
            {
                return [.. _scopes];
            }
        }
    }

    public string CertificatePem => _certificate.ExportCertificatePem();

    /// <summary>The registry's <c>auth:</c> block (indented for <see cref="RegistryProcess"/>); the bundle file is written next to it.</summary>
    public string AuthConfig(string bundlePath)
    {
        File.WriteAllText(bundlePath, CertificatePem);
        return $"  token:\n    realm: {Realm}\n    service: {Service}\n    issuer: {Issuer}\n    rootcertbundle: {bundlePath}\n";
    }

    /// <summary>A token for pushing in test setup, without going through the server.</summary>
    public AuthenticationHeaderValue Authorize(string repository) =>
        new("Bearer", Mint(_userName, $"repository:{repository}:push,pull"));

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _serving;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
            // Stopping the listener ends the loop with one of these.
        }

        _certificate.Dispose();
        _key.Dispose();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var response = context.Response;
            var scope = context.Request.QueryString["scope"] ?? string.Empty;
            lock (_scopes)
            {
                _scopes.Add(scope);
            }

            if (!Authenticated(context.Request.Headers["Authorization"]))
            {
                response.StatusCode = 401;
                continue;
            }

            var body = JsonSerializer.SerializeToUtf8Bytes(new { token = Mint(_userName, scope), expires_in = 300 });
            response.ContentType = "application/json";
            await response.OutputStream.WriteAsync(body);
        }
    }

    private bool Authenticated(string? header)
    {
        if (header is null || !header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..]));
        return pair == $"{_userName}:{_password}";
    }

    private string Mint(string subject, string scope)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        // "repository:alice/app:pull,push" grants those actions; "registry:catalog:*" the catalog.
        var access = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s =>
        {
            var parts = s.Split(':');
            return new { type = parts[0], name = string.Join(':', parts[1..^1]), actions = parts[^1].Split(',') };
        }).ToArray();
        var header = new Dictionary<string, object> { ["typ"] = "JWT", ["alg"] = "RS256", ["x5c"] = new[] { Convert.ToBase64String(_certificate.RawData) } };
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = subject,
            ["aud"] = Service,
            ["exp"] = now + 300,
            ["nbf"] = now - 10,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
