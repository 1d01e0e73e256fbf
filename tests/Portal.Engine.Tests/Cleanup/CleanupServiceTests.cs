using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Engine.Audit;
using Portal.Engine.Cleanup;
using Portal.Engine.Containers;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Cleanup;

/// <summary>
/// Cleanup on the real engine and a real SQLite file, with two members who each own a stopped container, a tagged
/// image, a dangling image and a volume: each target removes exactly its preview and nothing of the other member's,
/// and whatever changed between preview and run is skipped, not removed.
/// </summary>
public sealed class CleanupServiceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task EachTarget_MemberRunsTheirPreview_RemovesExactlyItAndNothingOfTheOtherMembers()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        await using var world = new CleanupWorld(env);
        var engine = await env.StartEngineAsync(cts.Token);
        var cleanup = engine.Services.GetRequiredService<ICleanupService>();
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var bob = new Actor(env.NewUser(), IsAdmin: false);
        var aliceThings = await MakeThingsAsync(engine, world, env, alice, cts.Token);
        var bobThings = await MakeThingsAsync(engine, world, env, bob, cts.Token);

        // The whole preview is exactly Alice's four things, with their sizes.
        var whole = await PlanAsync(cleanup, alice, CleanupTargets.All, cts.Token);
        Assert.Equal(aliceThings.Ids.Order(), whole.Items.Select(i => i.Id).Order());
        Assert.All(whole.Items, i => Assert.Equal(alice.UserName, i.Owner));
        Assert.True(whole.Items.Single(i => i.Kind == CleanupItemKinds.Container).Bytes >= 100_000, "the container wrote 100 kB");
        Assert.All(whole.Items.Where(i => i.Kind == CleanupItemKinds.Image), i => Assert.InRange(i.Bytes, 64 * 1024, 80 * 1024));
        Assert.Equal(whole.Items.Sum(i => i.Bytes), whole.TotalBytes);
        Assert.Contains($"docker container prune --filter label=org.portal.owner={alice.UserName}", whole.DockerCommands);

        foreach (var target in new[] { CleanupTargets.StoppedContainers, CleanupTargets.DanglingImages, CleanupTargets.UnusedImages, CleanupTargets.UnusedVolumes })
        {
            var plan = await PlanAsync(cleanup, alice, [target], cts.Token);
            var expected = aliceThings.ByTarget[target];
            Assert.Equal([expected], plan.Items.Select(i => i.Id));

            var run = await cleanup.ExecuteAsync(alice, plan.Request, plan.Items.Select(i => i.Id).ToList(), progress: null, cts.Token);

            Assert.True(run.Succeeded, run.Error?.Message);
            var result = run.Result!;
            Assert.Equal([expected], result.Removed.Select(r => r.Id));
            Assert.Empty(result.Skipped);
            Assert.Empty(result.Failed);
            Assert.Equal(plan.TotalBytes, result.ReclaimedBytes);
            Assert.False(await aliceThings.ExistsAsync(world, target, cts.Token), $"{target}: Alice's item is still there");
            foreach (var other in bobThings.ByTarget.Keys)
            {
                Assert.True(await bobThings.ExistsAsync(world, other, cts.Token), $"{target}: Bob's {other} went too");
            }
        }

        // Alice's last container went, and her network with it; Bob keeps his.
        Assert.False(await env.NetworkExistsAsync(alice.UserName, cts.Token));
        Assert.True(await env.NetworkExistsAsync(bob.UserName, cts.Token));

        // Every removal is audited with its size; a removed image's owner record goes with it.
        var audit = await engine.Audit.QueryAsync(new AuditQuery { Actor = alice.UserName, Action = CleanupAuditActions.Remove }, cts.Token);
        Assert.Equal(4, audit.Total);
        Assert.All(audit.Entries, e => Assert.Equal(AuditOutcome.Succeeded, e.Outcome));
        Assert.All(audit.Entries, e => Assert.Matches(@"freed [\d.]+ (B|KiB|MiB) \(\d+ bytes\)", e.Detail));
        Assert.Contains(audit.Entries, e => e.Target == "container leftover" && e.Detail!.Contains("stopped-containers", StringComparison.Ordinal));
        await using (var db = env.CreateDbContext())
        {
            Assert.DoesNotContain(db.ImageRecords, r => r.Owner == alice.UserName);
            Assert.Equal(2, db.ImageRecords.Count(r => r.Owner == bob.UserName));
        }

        // Bob's preview is untouched: his four things, nothing else.
        var bobs = await PlanAsync(cleanup, bob, CleanupTargets.All, cts.Token);
        Assert.Equal(bobThings.Ids.Order(), bobs.Items.Select(i => i.Id).Order());
    }

    [Fact]
    public async Task Execute_OtherMembersItemsNamedInTheRequest_AreSkippedAndSurvive()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        await using var world = new CleanupWorld(env);
        var engine = await env.StartEngineAsync(cts.Token);
        var cleanup = engine.Services.GetRequiredService<ICleanupService>();
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var bob = new Actor(env.NewUser(), IsAdmin: false);
        var bobThings = await MakeThingsAsync(engine, world, env, bob, cts.Token);

        var run = await cleanup.ExecuteAsync(alice, new CleanupRequest(CleanupTargets.All, 0, CleanupScope.Mine), bobThings.Ids, progress: null, cts.Token);

        Assert.True(run.Succeeded, run.Error?.Message);
        Assert.Empty(run.Result!.Removed);
        Assert.Equal(bobThings.Ids.Order(), run.Result.Skipped.Select(s => s.Id).Order());
        Assert.All(run.Result.Skipped, s => Assert.Contains("not in this cleanup's scope", s.Reason, StringComparison.Ordinal));
        foreach (var target in bobThings.ByTarget.Keys)
        {
            Assert.True(await bobThings.ExistsAsync(world, target, cts.Token), $"Bob's {target} went");
        }
    }

    [Fact]
    public async Task Execute_ContainerStartedBetweenPreviewAndRun_IsSkippedAndKeepsRunning()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var cleanup = engine.Services.GetRequiredService<ICleanupService>();
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var launched = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("revived"), cts.Token);
        Assert.True(launched.Succeeded, launched.Error?.Message);
        var id = launched.Container!.Id;
        Assert.True((await engine.Manager.StopAsync(alice, id, cts.Token)).Succeeded);
        var plan = await PlanAsync(cleanup, alice, [CleanupTargets.StoppedContainers], cts.Token);
        Assert.Equal(["container:" + id], plan.Items.Select(i => i.Id));

        Assert.True((await engine.Manager.StartAsync(alice, id, cts.Token)).Succeeded);
        var run = await cleanup.ExecuteAsync(alice, plan.Request, plan.Items.Select(i => i.Id).ToList(), progress: null, cts.Token);

        Assert.True(run.Succeeded, run.Error?.Message);
        Assert.Empty(run.Result!.Removed);
        Assert.Empty(run.Result.Failed);
        var skipped = Assert.Single(run.Result.Skipped);
        Assert.Equal("container:" + id, skipped.Id);
        Assert.Equal("it is running", skipped.Reason);
        Assert.True((await env.Containers.GetAsync(id, cts.Token))!.IsRunning);
        var audit = await engine.Audit.QueryAsync(new AuditQuery { Actor = alice.UserName, Action = CleanupAuditActions.Remove }, cts.Token);
        Assert.Equal(AuditOutcome.Refused, Assert.Single(audit.Entries).Outcome);
    }

    [Fact]
    public async Task Execute_ImageTakenIntoUseBetweenPreviewAndRun_IsSkippedNotFailed()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        await using var world = new CleanupWorld(env);
        var engine = await env.StartEngineAsync(cts.Token);
        var cleanup = engine.Services.GetRequiredService<ICleanupService>();
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var image = await world.ImageAsync(alice.UserName, $"portal/cleanup-{alice.UserName}:busy", cts.Token);
        var plan = await PlanAsync(cleanup, alice, [CleanupTargets.UnusedImages], cts.Token);
        Assert.Equal(["image:" + image], plan.Items.Select(i => i.Id));

        await world.PlainContainerAsync(image, volume: null, cts.Token);
        var run = await cleanup.ExecuteAsync(alice, plan.Request, plan.Items.Select(i => i.Id).ToList(), progress: null, cts.Token);

        Assert.True(run.Succeeded, run.Error?.Message);
        Assert.Empty(run.Result!.Removed);
        Assert.Empty(run.Result.Failed);
        Assert.Equal("used by 1 container", Assert.Single(run.Result.Skipped).Reason);
        Assert.True(await world.ImageExistsAsync(image, cts.Token));
    }

    [Fact]
    public async Task Remove_EngineRefusesBecauseInUse_IsSkippedNotFailed()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        await using var world = new CleanupWorld(env);
        var engine = await env.StartEngineAsync(cts.Token);
        var operations = engine.Services.GetRequiredService<CleanupOperations>();
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var launched = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("busy"), cts.Token);
        Assert.True(launched.Succeeded, launched.Error?.Message);
        var volume = await world.VolumeAsync(alice.UserName, cts.Token);
        await world.PlainContainerAsync(EngineEnvironment.ShellImage, volume, cts.Token);

        // Candidates as a stale plan would have them: the engine's own refusal (409) is the last line of defence.
        var container = await operations.RemoveAsync(Stale(CleanupItemKinds.Container, launched.Container!.Id), cts.Token);
        var mounted = await operations.RemoveAsync(Stale(CleanupItemKinds.Volume, volume), cts.Token);

        Assert.Equal(RemovalStatus.Skipped, container.Status);
        Assert.StartsWith("the engine refused, it is in use: ", container.Reason, StringComparison.Ordinal);
        Assert.Equal(RemovalStatus.Skipped, mounted.Status);
        Assert.StartsWith("the engine refused, it is in use: ", mounted.Reason, StringComparison.Ordinal);
        Assert.True((await env.Containers.GetAsync(launched.Container.Id, cts.Token))!.IsRunning);
        Assert.True(await world.VolumeExistsAsync(volume, cts.Token));
    }

    [Fact]
    public async Task Plan_TemplateAndProtectedImages_AreNotListed_AndSurviveARunThatNamesThem()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        await using var world = new CleanupWorld(env);
        var engine = await env.StartEngineAsync(cts.Token);
        var cleanup = engine.Services.GetRequiredService<ICleanupService>();
        var admin = new Actor(env.NewUser(), IsAdmin: true);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var repository = $"portal/cleanup-{alice.UserName}";
        var templated = await world.ImageAsync(alice.UserName, $"{repository}:template", cts.Token);
        var guarded = await world.ImageAsync(alice.UserName, $"{repository}:guarded", cts.Token);
        var plain = await world.ImageAsync(alice.UserName, $"{repository}:plain", cts.Token);
        await using (var db = env.CreateDbContext())
        {
            db.LaunchTemplates.Add(new LaunchTemplate { Id = Guid.NewGuid(), Name = $"Lab {alice.UserName}", Image = $"{repository}:template" });
            await db.SaveChangesAsync(cts.Token);
        }

        var (protectedImage, error) = await engine.Services.GetRequiredService<IProtectedImages>().ProtectAsync(admin.UserName, $"{repository}:guarded", cts.Token);
        Assert.Null(error);
        Assert.Equal($"{repository}:guarded", protectedImage!.Reference);

        var plan = await PlanAsync(cleanup, alice, [CleanupTargets.UnusedImages], cts.Token);
        Assert.Equal(["image:" + plain], plan.Items.Select(i => i.Id));
        var everyone = await PlanAsync(cleanup, admin, [CleanupTargets.UnusedImages], cts.Token, CleanupScope.All);
        Assert.DoesNotContain(everyone.Items, i => i.Id == "image:" + templated || i.Id == "image:" + guarded);

        var run = await cleanup.ExecuteAsync(alice, plan.Request, ["image:" + templated, "image:" + guarded, "image:" + plain], progress: null, cts.Token);

        Assert.True(run.Succeeded, run.Error?.Message);
        Assert.Equal(["image:" + plain], run.Result!.Removed.Select(r => r.Id));
        Assert.Equal($"the image of the launch template 'Lab {alice.UserName}'", run.Result.Skipped.Single(s => s.Id == "image:" + templated).Reason);
        Assert.Equal($"{repository}:guarded is protected by an admin", run.Result.Skipped.Single(s => s.Id == "image:" + guarded).Reason);
        Assert.True(await world.ImageExistsAsync(templated, cts.Token));
        Assert.True(await world.ImageExistsAsync(guarded, cts.Token));
        Assert.False(await world.ImageExistsAsync(plain, cts.Token));
    }

    [Fact]
    public async Task Plan_AgeLimit_TakesOnlyItemsOlderThanIt()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        await using var world = new CleanupWorld(env);
        var engine = await env.StartEngineAsync(cts.Token);
        var cleanup = engine.Services.GetRequiredService<ICleanupService>();
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var repository = $"portal/cleanup-{alice.UserName}";
        var created = new DateTimeOffset(DateTimeOffset.UtcNow.AddDays(-400).Date, TimeSpan.Zero);
        var old = await world.ImageAsync(alice.UserName, $"{repository}:old", cts.Token, created: created);
        var fresh = await world.ImageAsync(alice.UserName, $"{repository}:fresh", cts.Token);
        var container = await StoppedContainerAsync(engine, env, alice, "young", cts.Token);

        var month = await PlanAsync(cleanup, alice, [CleanupTargets.StoppedContainers, CleanupTargets.UnusedImages], cts.Token, olderThanDays: 30);
        var now = await PlanAsync(cleanup, alice, [CleanupTargets.StoppedContainers, CleanupTargets.UnusedImages], cts.Token, olderThanDays: 0);

        Assert.Equal(["image:" + old], month.Items.Select(i => i.Id));
        Assert.Equal(created, month.Items[0].Since);
        Assert.Contains("--filter until=720h", string.Join("\n", month.DockerCommands), StringComparison.Ordinal);
        Assert.Equal(new[] { "container:" + container, "image:" + old, "image:" + fresh }.Order(), now.Items.Select(i => i.Id).Order());

        // A run confirmed with the young items as well removes only what is old enough, and says why the rest stayed.
        var run = await cleanup.ExecuteAsync(alice, month.Request, now.Items.Select(i => i.Id).ToList(), progress: null, cts.Token);
        Assert.Equal(["image:" + old], run.Result!.Removed.Select(r => r.Id));
        Assert.All(run.Result.Skipped, s => Assert.EndsWith("the cleanup takes those older than 30 days", s.Reason, StringComparison.Ordinal));
        Assert.True(await world.ImageExistsAsync(fresh, cts.Token));
    }

    [Fact]
    public async Task ScopeAll_Member_IsRefusedAndAudited_AdminSeesEveryonesAndNobodysItems()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        await using var world = new CleanupWorld(env);
        var engine = await env.StartEngineAsync(cts.Token);
        var cleanup = engine.Services.GetRequiredService<ICleanupService>();
        var admin = new Actor(env.NewUser(), IsAdmin: true);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var bob = new Actor(env.NewUser(), IsAdmin: false);
        var aliceImage = await world.ImageAsync(alice.UserName, null, cts.Token);
        var bobVolume = await world.VolumeAsync(bob.UserName, cts.Token);
        var nobodysImage = await world.ImageAsync(owner: null, tag: null, cts.Token);
        var nobodysVolume = await world.VolumeAsync(owner: null, cts.Token);
        var all = new CleanupRequest(CleanupTargets.All, 0, CleanupScope.All);

        var memberPlan = await cleanup.PlanAsync(alice, all, cts.Token);
        var memberRun = await cleanup.ExecuteAsync(alice, all, ["image:" + nobodysImage], progress: null, cts.Token);

        Assert.Equal(CleanupErrorCodes.Forbidden, memberPlan.Error?.Code);
        Assert.Equal(CleanupErrorCodes.Forbidden, memberRun.Error?.Code);
        Assert.True(await world.ImageExistsAsync(nobodysImage, cts.Token));
        var refusal = await engine.Audit.QueryAsync(new AuditQuery { Actor = alice.UserName, Action = CleanupAuditActions.Run }, cts.Token);
        Assert.Equal(AuditOutcome.Refused, Assert.Single(refusal.Entries).Outcome);

        // Nobody's things are the admin's to clean, never a member's.
        var aliceOwn = await PlanAsync(cleanup, alice, CleanupTargets.All, cts.Token);
        Assert.Equal(["image:" + aliceImage], aliceOwn.Items.Select(i => i.Id));
        var adminPlan = await PlanAsync(cleanup, admin, CleanupTargets.All, cts.Token, CleanupScope.All);
        var ids = adminPlan.Items.Select(i => i.Id).ToList();
        Assert.Contains("image:" + aliceImage, ids);
        Assert.Contains("volume:" + bobVolume, ids);
        Assert.Contains("image:" + nobodysImage, ids);
        Assert.Contains("volume:" + nobodysVolume, ids);
        Assert.Contains("build-cache", ids);
        Assert.Null(adminPlan.Items.Single(i => i.Id == "image:" + nobodysImage).Owner);

        // The admin removes exactly what they confirmed: nobody's image and the build cache, not Alice's image.
        var run = await cleanup.ExecuteAsync(admin, adminPlan.Request, ["image:" + nobodysImage, "build-cache"], progress: null, cts.Token);
        Assert.Equal(new[] { "image:" + nobodysImage, "build-cache" }.Order(), run.Result!.Removed.Select(r => r.Id).Order());
        Assert.False(await world.ImageExistsAsync(nobodysImage, cts.Token));
        Assert.True(await world.ImageExistsAsync(aliceImage, cts.Token));
        Assert.True(await world.VolumeExistsAsync(nobodysVolume, cts.Token));
    }

    [Fact]
    public async Task Execute_WithoutItems_IsInvalid()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var cleanup = engine.Services.GetRequiredService<ICleanupService>();
        var alice = new Actor(env.NewUser(), IsAdmin: false);

        var run = await cleanup.ExecuteAsync(alice, new CleanupRequest([CleanupTargets.StoppedContainers], 0, CleanupScope.Mine), [], progress: null, cts.Token);
        var plan = await cleanup.PlanAsync(alice, new CleanupRequest(["everything"], 0, CleanupScope.Mine), cts.Token);

        Assert.Equal(CleanupErrorCodes.InvalidRequest, run.Error?.Code);
        Assert.Contains("items", run.Error!.FieldErrors!.Keys);
        Assert.Equal(CleanupErrorCodes.InvalidRequest, plan.Error?.Code);
        Assert.Contains("'everything'", plan.Error!.Message, StringComparison.Ordinal);
    }

    internal static async Task<CleanupPlan> PlanAsync(
        ICleanupService cleanup,
        Actor actor,
        IReadOnlyList<string> targets,
        CancellationToken cancellationToken,
        CleanupScope scope = CleanupScope.Mine,
        int olderThanDays = 0)
    {
        var result = await cleanup.PlanAsync(actor, new CleanupRequest(targets, olderThanDays, scope), cancellationToken);
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Plan!;
    }

    /// <summary>A portal container of the user that wrote 100 kB and exited.</summary>
    internal static async Task<string> StoppedContainerAsync(EngineHost engine, EngineEnvironment env, Actor owner, string name, CancellationToken cancellationToken)
    {
        var launched = await engine.Manager.LaunchAsync(
            owner,
            Requests.Sleeper(name) with { Command = ["sh", "-c", "head -c 100000 /dev/urandom > /junk"] },
            cancellationToken);
        Assert.True(launched.Succeeded, launched.Error?.Message);
        var id = launched.Container!.Id;
        await Poll.UntilAsync(() => env.Containers.GetAsync(id, cancellationToken), c => c?.State == "exited", TimeSpan.FromSeconds(30), $"{name} exiting", cancellationToken);
        return id;
    }

    private static CleanupCandidate Stale(string kind, string dockerId) =>
        new(new CleanupItem($"{kind}:{dockerId}", kind, "test", dockerId, null, 1, null, "stale"), dockerId, null, AgeLimited: false);

    private static async Task<MemberThings> MakeThingsAsync(EngineHost engine, CleanupWorld world, EngineEnvironment env, Actor owner, CancellationToken cancellationToken)
    {
        var container = await StoppedContainerAsync(engine, env, owner, "leftover", cancellationToken);
        var tagged = await world.ImageAsync(owner.UserName, $"portal/cleanup-{owner.UserName}:v1", cancellationToken);
        var dangling = await world.ImageAsync(owner.UserName, null, cancellationToken);
        var volume = await world.VolumeAsync(owner.UserName, cancellationToken);
        return new MemberThings(new Dictionary<string, string>
        {
            [CleanupTargets.StoppedContainers] = "container:" + container,
            [CleanupTargets.DanglingImages] = "image:" + dangling,
            [CleanupTargets.UnusedImages] = "image:" + tagged,
            [CleanupTargets.UnusedVolumes] = "volume:" + volume,
        });
    }

    private sealed record MemberThings(IReadOnlyDictionary<string, string> ByTarget)
    {
        public IReadOnlyList<string> Ids => ByTarget.Values.ToList();

        public async Task<bool> ExistsAsync(CleanupWorld world, string target, CancellationToken cancellationToken)
        {
            var id = ByTarget[target].Split(':', 2)[1];
            return target switch
            {
                CleanupTargets.StoppedContainers => await world.ContainerExistsAsync(id, cancellationToken),
                CleanupTargets.UnusedVolumes => await world.VolumeExistsAsync(id, cancellationToken),
                _ => await world.ImageExistsAsync(id, cancellationToken),
            };
        }
    }
}
