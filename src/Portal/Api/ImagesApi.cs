using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Portal.Accounts;
using Portal.Engine.Images;
using Portal.Engine.Launch;

namespace Portal.Api;

/// <summary>
/// <c>/api/v1/images</c>: local images (list, history, pull, build, tag, push, remove) and
/// <c>POST /api/v1/containers/{id}/commit</c>. Long actions answer when done; a client that sends
/// <c>Accept: application/x-ndjson</c> gets progress snapshots line by line, then the result.
/// </summary>
internal static class ImagesApi
{
    public const string NdjsonMediaType = "application/x-ndjson";

    private static readonly JsonSerializerOptions JsonLines = new(JsonSerializerDefaults.Web);

    public static RouteGroupBuilder MapImagesApi(this RouteGroupBuilder api)
    {
        var images = api.MapGroup("/images").RequireAuthorization().WithTags("Images");
        images.MapGet("/", async (IImageManager manager, CancellationToken cancellationToken) =>
                TypedResults.Ok((await manager.ListAsync(cancellationToken)).Select(LocalImageResponse.From)))
            .WithSummary("Lists the workstation's images (shared by everyone) with owner and the containers using each.");

        images.MapGet("/{id}/history", async (string id, IImageManager manager, CancellationToken cancellationToken) =>
                await manager.GetHistoryAsync(id, cancellationToken) is { } layers
                    ? Results.Ok(layers.Select(ImageLayerResponse.From))
                    : ApiProblems.Problem(StatusCodes.Status404NotFound, LaunchErrorCodes.ImageNotFound, "Not found.", $"There is no image '{id}'."))
            .WithSummary("An image's layers as docker history lists them (newest first): size and the instruction that made each.");

        images.MapPost("/pull", (ImageReferenceBody? body, ClaimsPrincipal user, IImageManager manager, HttpContext context) =>
                RunAsync(context, progress => manager.PullAsync(user.ToActor(), body?.Reference ?? string.Empty, progress, context.RequestAborted)))
            .WithSummary("Pulls an image (members: only images on the launch allow-list). Accept: application/x-ndjson streams progress.")
            .Produces<ImageActionResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status502BadGateway);

        images.MapPost("/push", (ImageReferenceBody? body, ClaimsPrincipal user, IImageManager manager, HttpContext context) =>
                RunAsync(context, progress => manager.PushAsync(user.ToActor(), body?.Reference ?? string.Empty, progress, context.RequestAborted)))
            .WithSummary("Pushes an image (members: only from their namespace on the lab registry). Accept: application/x-ndjson streams progress.")
            .Produces<ImageActionResponse>();

        images.MapPost("/build", BuildAsync)
            .WithSummary("Builds an image with the classic builder from multipart fields dockerfile (text), tag, and an optional context file (tar, tar.gz or zip).")
            .Produces<ImageActionResponse>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        images.MapPost("/{id}/tag", async (string id, TagImageBody? body, ClaimsPrincipal user, IImageManager manager, CancellationToken cancellationToken) =>
                ToResult(await manager.TagAsync(user.ToActor(), id, body?.Reference ?? string.Empty, cancellationToken)))
            .WithSummary("Adds a name to an image (members: only 127.0.0.1:5000/<userName>/...).")
            .Produces<ImageActionResponse>();

        images.MapDelete("/{**image}", async (string image, ClaimsPrincipal user, IImageManager manager, CancellationToken cancellationToken) =>
            {
                var result = await manager.RemoveAsync(user.ToActor(), image, cancellationToken);
                return result.Succeeded ? Results.NoContent() : ToProblem(result.Error!);
            })
            .WithSummary("Removes an image by id or a name (members: their own images and names in their namespace; never one in use).");

        api.MapPost("/containers/{id}/commit", (string id, CommitContainerBody? body, ClaimsPrincipal user, IImageManager manager, HttpContext context) =>
                RunAsync(context, progress => manager.CommitAsync(user.ToActor(), id, body?.Reference ?? string.Empty, body?.Push == true, progress, context.RequestAborted)))
            .RequireAuthorization()
            .WithTags("Containers")
            .WithSummary("Saves a container (yours; admins any) as an image, optionally pushing it; a failed push keeps the commit and says so in pushError.")
            .Produces<ImageActionResponse>();
        return api;
    }

    /// <summary>
    /// The form is read by hand rather than bound, so scripts with a token need no antiforgery token; a browser's
    /// cookie-authenticated form post still must carry one (it is the one kind of request another site can forge).
    /// </summary>
    private static async Task<IResult> BuildAsync(HttpContext context, ClaimsPrincipal user, IImageManager manager, IAntiforgery antiforgery, IOptions<ImageOptions> options)
    {
        var request = context.Request;
        if (!request.HasFormContentType)
        {
            return ApiProblems.Invalid("Send multipart/form-data with dockerfile, tag and an optional context file.", new Dictionary<string, string[]> { ["dockerfile"] = ["Required."] });
        }

        if (!ApiTokenAuthenticationHandler.CarriesToken(request) && !await antiforgery.IsRequestValidAsync(context))
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "antiforgery", "The form lacks its antiforgery token.", "Use an API token (Authorization: Bearer) from scripts.");
        }

        // The context may be as large as the build limit allows, plus the other fields.
        var limit = options.Value.MaxContextBytes + (2 * 1024 * 1024);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        context.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions { MultipartBodyLengthLimit = limit }));
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            return ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, ImageErrorCodes.InvalidContext, "The upload is too large.", ex.Message);
        }

        var file = form.Files.GetFile("context");
        var stream = file?.OpenReadStream();
        await using (stream)
        {
            var build = new ImageBuildRequest(form["dockerfile"].ToString(), form["tag"].ToString(), stream);
            return await RunAsync(context, progress => manager.BuildAsync(user.ToActor(), build, progress, context.RequestAborted));
        }
    }

    /// <summary>Runs a long action: answers with the result when done, or streams NDJSON progress when the client asks for it.</summary>
    private static async Task<IResult> RunAsync(HttpContext context, Func<ImageProgress, Task<ImageActionResult>> action)
    {
        var progress = new ImageProgress();
        if (!context.Request.Headers.Accept.Any(a => a is not null && a.Contains(NdjsonMediaType, StringComparison.OrdinalIgnoreCase)))
        {
            return ToResult(await action(progress));
        }

        var response = context.Response;
        response.ContentType = NdjsonMediaType;
        await response.StartAsync(context.RequestAborted);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var writer = WriteProgressAsync(response, progress, context.RequestServices.GetRequiredService<TimeProvider>(), watching.Token);
        ImageActionResult result;
        try
        {
            result = await action(progress);
        }
        finally
        {
            await watching.CancelAsync();
            await writer;
        }

        var last = result.Succeeded
            ? new ImageStreamLine(null, ImageActionResponse.From(result), null)
            : new ImageStreamLine(null, null, new ImageStreamError(result.Error!.Code, result.Error.Message));
        await WriteLineAsync(response, last, context.RequestAborted);
        return Results.Empty;
    }

    private static async Task WriteProgressAsync(HttpResponse response, ImageProgress progress, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var snapshot in progress.WatchAsync(cancellationToken))
            {
                await WriteLineAsync(response, new ImageStreamLine(snapshot, null, null), cancellationToken);
                // A snapshot every 250 ms at most: the latest one wins, so a fast pull does not flood the client.
                await Task.Delay(TimeSpan.FromMilliseconds(250), timeProvider, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The action ended (or the client left): the final line follows.
        }
    }

    private static async Task WriteLineAsync(HttpResponse response, ImageStreamLine line, CancellationToken cancellationToken)
    {
        await JsonSerializer.SerializeAsync(response.Body, line, JsonLines, cancellationToken);
        await response.Body.WriteAsync("\n"u8.ToArray(), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static IResult ToResult(ImageActionResult result) =>
        result.Succeeded ? Results.Ok(ImageActionResponse.From(result)) : ToProblem(result.Error!);

    internal static IResult ToProblem(LaunchError error) => error.Code switch
    {
        ImageErrorCodes.NameNotAllowed => ApiProblems.Problem(StatusCodes.Status403Forbidden, error.Code, "Not a name you may give an image.", error.Message),
        ImageErrorCodes.NotOwner => ApiProblems.Problem(StatusCodes.Status403Forbidden, error.Code, "Not your image.", error.Message),
        ImageErrorCodes.InUse => ApiProblems.Problem(StatusCodes.Status409Conflict, error.Code, "The image is in use.", error.Message),
        ImageErrorCodes.ManifestNotFound => ApiProblems.Problem(StatusCodes.Status404NotFound, error.Code, "No such image in the registry.", error.Message),
        ImageErrorCodes.InvalidContext => ApiProblems.Problem(StatusCodes.Status400BadRequest, error.Code, "The build context is unusable.", error.Message),
        ImageErrorCodes.BuildFailed => ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, error.Code, "The build failed.", error.Message),
        ImageErrorCodes.RegistryUnreachable => ApiProblems.Problem(StatusCodes.Status502BadGateway, error.Code, "The registry did not answer.", error.Message),
        ImageErrorCodes.RegistryAuthFailed => ApiProblems.Problem(StatusCodes.Status502BadGateway, error.Code, "The registry refused the credentials.", error.Message),
        LaunchErrorCodes.ImageNotFound => ApiProblems.Problem(StatusCodes.Status404NotFound, error.Code, "No such image.", error.Message),
        _ => ContainersApi.ToProblem(error),
    };
}
