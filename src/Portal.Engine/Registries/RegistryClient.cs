using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Registries;

/// <summary>
/// Requests to the Registry HTTP API v2 with the registry's own authentication: anonymous, Basic, or the Bearer token
/// challenge Distribution and Harbor use (the realm is asked for a token for the challenged scope, with the
/// registry's credentials when it has any). Transport failures and refusals become <see cref="RegistryException"/>s
/// whose messages say what to check.
/// </summary>
internal sealed partial class RegistryClient(
    IHttpClientFactory httpClientFactory,
    RegistryTokenCache tokens,
    IOptions<RegistryOptions> options,
    ILogger<RegistryClient> logger)
{
    public const string HttpClientName = "Portal.Registries";

    /// <summary>
    /// Sends a request without a body, answering an authentication challenge once. The caller disposes the response
    /// and reads its status; a 401 that survives authentication throws.
    /// </summary>
    /// <param name="scope">The token scope the request needs (<c>repository:name:pull</c>), to reuse a cached token up front.</param>
    public async Task<HttpResponseMessage> SendAsync(
        RegistryAccess access, HttpMethod method, string pathAndQuery, string scope, IReadOnlyList<string>? accept, CancellationToken cancellationToken)
    {
        var registry = access.Registry;
        var cached = tokens.Find(registry.Url, registry.UserName, scope);
        var response = await SendOnceAsync(access, method, pathAndQuery, accept, Authorization(access, cached), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        var challenge = AuthenticationChallenge.From(response.Headers);
        response.Dispose();
        AuthenticationHeaderValue? answer = null;
        if (challenge is { IsBearer: true, Realm: not null })
        {
            var token = await FetchTokenAsync(access, challenge, cancellationToken).ConfigureAwait(false);
            tokens.Store(registry.Url, registry.UserName, challenge.Scope ?? scope, token.Token, token.Lifetime);
            if (challenge.Scope is { } challenged && !string.Equals(challenged, scope, StringComparison.Ordinal))
            {
                tokens.Store(registry.Url, registry.UserName, scope, token.Token, token.Lifetime);
            }

            answer = new AuthenticationHeaderValue("Bearer", token.Token);
        }
        else if (challenge is { IsBasic: true } && access.HasCredentials && cached is not null)
        {
            answer = Basic(access);
        }

        if (answer is null)
        {
            throw new RegistryException(Refused(access));
        }

        response = await SendOnceAsync(access, method, pathAndQuery, accept, answer, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            throw new RegistryException(Refused(access));
        }

        return response;
    }

    /// <summary>A GET whose JSON body is returned; any status but success throws (404 with <paramref name="notFound"/>).</summary>
    public async Task<(JsonDocument Body, HttpResponseHeaders Headers, string? ContentType)> GetJsonAsync(
        RegistryAccess access, string pathAndQuery, string scope, IReadOnlyList<string>? accept, string notFound, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(access, HttpMethod.Get, pathAndQuery, scope, accept, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(access, response, notFound, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return (JsonDocument.Parse(bytes), response.Headers, response.Content.Headers.ContentType?.MediaType);
        }
        catch (JsonException ex)
        {
            throw new RegistryException(new RegistryError(RegistryErrorCodes.Failed, $"{access.Registry.Url}{pathAndQuery} did not answer with JSON: {ex.Message}"));
        }
    }

    /// <summary>Throws the error a failed response stands for.</summary>
    public static async Task EnsureSuccessAsync(RegistryAccess access, HttpResponseMessage response, string notFound, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var (code, message) = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        throw new RegistryException(response.StatusCode switch
        {
            HttpStatusCode.NotFound => new RegistryError(RegistryErrorCodes.NotFound, notFound),
            HttpStatusCode.Forbidden => new RegistryError(
                RegistryErrorCodes.Unauthorized,
                $"The registry {access.Registry.Url} refused access{As(access)} (403){Suffix(message)}."),
            HttpStatusCode.MethodNotAllowed => DeleteDisabled(access),
            _ when code == "UNSUPPORTED" => DeleteDisabled(access),
            _ => new RegistryError(RegistryErrorCodes.Failed, $"The registry {access.Registry.Url} answered {status} {response.ReasonPhrase}{Suffix(message)}."),
        });
    }

    public static RegistryError DeleteDisabled(RegistryAccess access) => new(
        RegistryErrorCodes.DeleteDisabled,
        $"The registry {access.Registry.Url} has deletes disabled: it answers 405 UNSUPPORTED. Its operator must set " +
        "storage: delete: enabled: true in its config.yml and restart it.");

    private async Task<HttpResponseMessage> SendOnceAsync(
        RegistryAccess access, HttpMethod method, string pathAndQuery, IReadOnlyList<string>? accept, AuthenticationHeaderValue? authorization, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(access.Registry.Url + pathAndQuery, UriKind.Absolute));
        foreach (var mediaType in accept ?? [])
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        }

        request.Headers.Authorization = authorization;
        return await SendWithLimitAsync(access.Registry.Url, request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(string Token, TimeSpan Lifetime)> FetchTokenAsync(RegistryAccess access, AuthenticationChallenge challenge, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (challenge.Service is { } service)
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }

        if (challenge.Scope is { Length: > 0 } scope)
        {
            query.Add("scope=" + Uri.EscapeDataString(scope));
        }

        var realm = challenge.Realm!;
        if (!Uri.TryCreate(realm, UriKind.Absolute, out var realmUri) || (realmUri.Scheme != Uri.UriSchemeHttp && realmUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new RegistryException(new RegistryError(RegistryErrorCodes.Failed, $"The registry {access.Registry.Url} names a token server that is not an http(s) URL: '{realm}'."));
        }

        var separator = realm.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        using var request = new HttpRequestMessage(HttpMethod.Get, query.Count == 0 ? realmUri : new Uri(realm + separator + string.Join('&', query)));
        if (access.HasCredentials)
        {
            request.Headers.Authorization = Basic(access);
        }

        using var response = await SendWithLimitAsync($"{realmUri.Scheme}://{realmUri.Authority}", request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new RegistryException(Refused(access));
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new RegistryException(new RegistryError(RegistryErrorCodes.Failed, $"The token server {realmUri.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.ReasonPhrase}."));
        }

        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
            var root = body.RootElement;
            var token = root.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()
                : root.TryGetProperty("access_token", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            if (string.IsNullOrEmpty(token))
            {
                throw new JsonException("no token or access_token");
            }

            // The token specification's default lifetime when expires_in is missing is 60 seconds.
            var seconds = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) && s > 0 ? s : 60;
            LogTokenIssued(logger, access.Registry.Name, challenge.Scope ?? "(none)", seconds);
            return (token, TimeSpan.FromSeconds(seconds));
        }
        catch (JsonException ex)
        {
            throw new RegistryException(new RegistryError(RegistryErrorCodes.Failed, $"The token server {realmUri.GetLeftPart(UriPartial.Path)} sent no usable token: {ex.Message}"));
        }
    }

    /// <summary>Sends under the configured time limit, turning transport failures into messages that name the registry.</summary>
    private async Task<HttpResponseMessage> SendWithLimitAsync(string baseUrl, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var limit = options.Value.RequestTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        var client = httpClientFactory.CreateClient(HttpClientName);
        try
        {
            // Bodies are small (manifests, configs, pages of names): read them within the same limit.
            return await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RegistryException(new RegistryError(
                RegistryErrorCodes.Unreachable, $"{baseUrl} did not answer within {limit.TotalSeconds:0} s — is the registry running and reachable from the portal?"));
        }
        catch (HttpRequestException ex)
        {
            LogUnreachable(logger, baseUrl, ex.Message);
            throw new RegistryException(new RegistryError(RegistryErrorCodes.Unreachable, $"cannot reach {baseUrl}: {Reason(ex)} — is the registry running?"));
        }
    }

    private static string Reason(HttpRequestException ex) => ex.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } => "the host name does not resolve",
        SocketException socket => socket.Message.ToLowerInvariant(),
        AuthenticationException tls => "TLS failed (" + tls.Message + ")",
        _ => ex.Message,
    };

    private static AuthenticationHeaderValue? Authorization(RegistryAccess access, string? cachedToken) =>
        cachedToken is not null ? new AuthenticationHeaderValue("Bearer", cachedToken)
        : access.HasCredentials ? Basic(access)
        : null;

    private static AuthenticationHeaderValue Basic(RegistryAccess access) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{access.Registry.UserName}:{access.Password}")));

    private static RegistryError Refused(RegistryAccess access) => access.HasCredentials
        ? new RegistryError(RegistryErrorCodes.Unauthorized, $"The registry {access.Registry.Url} refused the user name '{access.Registry.UserName}' and its password (401): check them under Admin > Registries.")
        : new RegistryError(RegistryErrorCodes.Unauthorized, $"The registry {access.Registry.Url} needs a user name and password (401): an admin can enter them under Admin > Registries.");

    private static string As(RegistryAccess access) => access.HasCredentials ? $" for '{access.Registry.UserName}'" : string.Empty;

    private static string Suffix(string? message) => string.IsNullOrWhiteSpace(message) ? string.Empty : ": " + message;

    /// <summary>The first entry of the registry's <c>{"errors":[{"code","message"}]}</c>, when there is one.</summary>
    private static async Task<(string? Code, string? Message)> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(text))
            {
                return (null, null);
            }

            using var body = JsonDocument.Parse(text);
            if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("errors", out var errors)
                && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                var first = errors[0];
                return (
                    first.TryGetProperty("code", out var code) ? code.GetString() : null,
                    first.TryGetProperty("message", out var message) ? message.GetString() : null);
            }
        }
        catch (JsonException)
        {
            // Not the registry's error format (a proxy's HTML page): the status line says enough.
        }

        return (null, null);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Registry {Registry} issued a token for {Scope}, valid {Seconds} s")]
    private static partial void LogTokenIssued(ILogger logger, string registry, string scope, int seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot reach the registry at {Url}: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string url, string reason);
}
