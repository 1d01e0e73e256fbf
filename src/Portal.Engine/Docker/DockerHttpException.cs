using System.Net;

namespace Portal.Engine.Docker;

/// <summary>The engine answered a plain HTTP request with an error status.</summary>
internal sealed class DockerHttpException(HttpStatusCode statusCode, string message) : Exception(message)
{
    public HttpStatusCode StatusCode { get; } = statusCode;
}
