using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Engine.Audit;
using Portal.Engine.Images;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Images;

/// <summary>An engine for image tests: quiet disk scans (a test asks for one when it needs figures) and the image manager.</summary>
internal static class ImageEngine
{
    public static readonly Dictionary<string, string?> QuietSettings = new() { ["Disk:RefreshMinutes"] = "600", ["Disk:EventDebounceSeconds"] = "600" };

    public static IImageManager Images(this EngineHost engine) => engine.Services.GetRequiredService<IImageManager>();

    public static async Task<ImageRecord?> RecordAsync(this EngineEnvironment env, string imageId, CancellationToken cancellationToken)
    {
        await using var db = env.CreateDbContext();
        return await db.ImageRecords.AsNoTracking().SingleOrDefaultAsync(r => r.ImageId == imageId, cancellationToken);
    }

    public static async Task<IReadOnlyList<AuditEntry>> AuditAsync(this EngineHost engine, string actor, string action, CancellationToken cancellationToken) =>
        (await engine.Audit.QueryAsync(new AuditQuery { Actor = actor, Action = action }, cancellationToken)).Entries;
}
