using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Cleanup;
using Portal.Engine.Containers;
using Portal.Engine.Disk;
using Portal.Engine.Tests.Cleanup;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Disk;

/// <summary>
/// Engine 20.10 runs one <c>/system/df</c> at a time and refuses the others: the disk accounting, the cleanup preview
/// and a client outside the portal (<c>docker system df</c>) asking at once must all get their answer.
/// </summary>
public sealed class EngineDiskUsageReaderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private const int Rounds = 5;

    private const int CallersPerKind = 3;

    [Fact]
    public async Task ConcurrentCallers_DiskPassCleanupPreviewsAndAnOutsideClient_AllSucceed()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(new Dictionary<string, string?> { ["Disk:RefreshMinutes"] = "600", ["Disk:EventDebounceSeconds"] = "600" });
        var engine = await env.StartEngineAsync(cts.Token);
        var disk = engine.Services.GetRequiredService<IDiskUsage>();
        var cleanup = engine.Services.GetRequiredService<ICleanupService>();
        var reader = engine.Services.GetRequiredService<IEngineDiskUsageReader>();
        var member = new Actor(env.NewUser(), IsAdmin: false);

        // Another client keeps the engine's scan busy the whole time, so the portal's requests meet it.
        using var outsideDone = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        var outside = Task.Run(
            async () =>
            {
                var scans = 0;
                while (!outsideDone.IsCancellationRequested)
                {
                    await EngineFacts.SystemDfAsync(cts.Token);
                    scans++;
                }

                return scans;
            },
            cts.Token);

        for (var round = 0; round < Rounds; round++)
        {
            var pass = disk.RefreshAsync(cts.Token);
            var previews = Enumerable.Range(0, CallersPerKind)
                .Select(_ => cleanup.PlanAsync(member, new CleanupRequest(CleanupTargets.All, 0, CleanupScope.Mine), cts.Token))
                .ToList();
            var reads = Enumerable.Range(0, CallersPerKind).Select(_ => reader.ReadAsync(cts.Token)).ToList();

            var snapshot = await pass;
            Assert.Null(snapshot.Error);
            foreach (var preview in await Task.WhenAll(previews))
            {
                Assert.True(preview.Succeeded, preview.Error?.Message);
            }

            // The shell image is on this engine: an answer read as nulls would have no images.
            Assert.All(await Task.WhenAll(reads), usage => Assert.Contains(usage.Images, i => i.RepoTags.Contains("portal/shell:latest")));
        }

        await outsideDone.CancelAsync();
        Assert.True(await outside > 0);
    }
}
