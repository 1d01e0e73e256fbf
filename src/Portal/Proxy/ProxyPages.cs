using System.Text.Encodings.Web;

namespace Portal.Proxy;

/// <summary>
/// The proxy's own small pages (not found, not running, nothing answering, expired link): a sentence a person
/// understands instead of a proxy error dump, and a link back to the portal when the proxy knows it.
/// </summary>
internal static class ProxyPages
{
    public static Task WriteAsync(HttpContext context, int status, string title, string message, string? portalPage = null)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        var headers = response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
        var html = HtmlEncoder.Default;
        var link = portalPage is null ? string.Empty : $"<p><a href=\"{html.Encode(portalPage)}\">Back to the portal</a></p>";
        return response.WriteAsync(
            $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{html.Encode(title)}}</title>
            <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}</style>
            </head><body><h1>{{html.Encode(title)}}</h1><p>{{html.Encode(message)}}</p>{{link}}</body></html>
            """,
            context.RequestAborted);
    }

    public static Task NotFoundAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status404NotFound, "Not found", "There is nothing here, or it is not yours to open. Open apps from your container's page on the portal.");
}
