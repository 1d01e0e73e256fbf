using Portal.Engine.Images;

namespace Portal.Api;

/// <summary>The body of <c>POST /api/v1/images/pull</c> and <c>POST /api/v1/images/push</c>.</summary>
public sealed record ImageReferenceBody(string? Reference);

/// <summary>The body of <c>POST /api/v1/images/{id}/tag</c>.</summary>
public sealed record TagImageBody(string? Reference);

/// <summary>The body of <c>POST /api/v1/containers/{id}/commit</c>.</summary>
public sealed record CommitContainerBody(string? Reference, bool? Push);

public sealed record LocalImageResponse(
    string Id,
    string ShortId,
    IReadOnlyList<string> Tags,
    long Size,
    DateTimeOffset CreatedAt,
    string? Owner,
    string? Source,
    IReadOnlyList<string> UsedBy)
{
    public static LocalImageResponse From(LocalImage image) =>
        new(image.Id, image.ShortId, image.Tags, image.Size, image.CreatedAt, image.Owner, image.Source, image.UsedBy);
}

public sealed record ImageLayerResponse(string Id, DateTimeOffset CreatedAt, string CreatedBy, long Size, string Comment, IReadOnlyList<string> Tags)
{
    public static ImageLayerResponse From(ImageLayer layer) =>
        new(layer.Id, layer.CreatedAt, layer.CreatedBy, layer.Size, layer.Comment, layer.Tags);
}

/// <summary>A finished image action: the image, the equivalent docker command and, after a commit whose push failed, why.</summary>
public sealed record ImageActionResponse(string? ImageId, string? Reference, string? Command, string? PushError)
{
    public static ImageActionResponse From(ImageActionResult result) => new(result.ImageId, result.Reference, result.Command, result.PushError);
}

/// <summary>One line of an NDJSON answer: a progress snapshot, then at the end the result or the problem.</summary>
public sealed record ImageStreamLine(ImageProgressSnapshot? Progress, ImageActionResponse? Result, ImageStreamError? Error);

public sealed record ImageStreamError(string Code, string Message);
