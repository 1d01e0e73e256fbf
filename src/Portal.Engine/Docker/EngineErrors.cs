using System.Text.Json;
using Docker.DotNet;

namespace Portal.Engine.Docker;

/// <summary>The engine's own message out of an error answer (its body is <c>{"message": "..."}</c>).</summary>
internal static class EngineErrors
{
    public static string Message(DockerApiException ex) =>
        ex.ResponseBody is { Length: > 0 } body ? FromBody(body) : ex.Message;

    public static string FromBody(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("message", out var message) ? message.GetString() ?? body : body;
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
