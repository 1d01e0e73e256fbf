using System.Globalization;
using System.Text;
using Docker.DotNet;
using Microsoft.Net.Http.Headers;
using Portal.Api;
using Portal.Engine.Launch;
using Portal.Engine.Logs;

namespace Portal.Logs;

/// <summary>
/// A container's log as a <c>text/plain</c> download, written line by line as Docker delivers it, so a log of any
/// size costs the portal one buffer. An engine failure before the first line is a 502 problem; after it the
/// connection is cut, so a broken download never looks like a complete file.
/// </summary>
internal sealed class LogTextResult(IAsyncEnumerable<LogLine> lines, string fileName, bool timestamps) : IResult
{
    private const int BufferSize = 16 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var cancellationToken = httpContext.RequestAborted;
        await using var enumerator = lines.GetAsyncEnumerator(cancellationToken);
        bool more;
        try
        {
            more = await enumerator.MoveNextAsync();
        }
        catch (Exception ex) when (IsEngineFailure(ex))
        {
            await ApiProblems.Problem(StatusCodes.Status502BadGateway, LaunchErrorCodes.EngineError, "The Docker engine failed.", ex.GetBaseException().Message)
                .ExecuteAsync(httpContext);
            return;
        }

        var response = httpContext.Response;
        response.ContentType = "text/plain; charset=utf-8";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.CacheControl = "no-store";

        await using var writer = new StreamWriter(response.Body, Utf8, BufferSize);
        try
        {
            while (more)
            {
                var line = enumerator.Current;
                if (timestamps)
                {
                    await writer.WriteAsync(Format(line.Timestamp));
                    await writer.WriteAsync(' ');
                }

                await writer.WriteAsync(line.Text);
                await writer.WriteAsync('\n');
                more = await enumerator.MoveNextAsync();
            }

            await writer.FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (IsEngineFailure(ex))
        {
            httpContext.Abort();
        }
    }

    /// <summary>RFC 3339 in UTC with seven fractional digits (all .NET keeps of Docker's nine).</summary>
    internal static string Format(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static bool IsEngineFailure(Exception ex) => ex is DockerApiException or HttpRequestException or IOException or TimeoutException;
}
