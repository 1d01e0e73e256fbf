using Bunit;
using Portal.Components.Gpus;
using Portal.Engine.Gpus;
using Portal.Gpus;
using Portal.Tests.Components;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Gpus;

/// <summary>Who holds what, over real captures: whole GPUs, and a GPU in MIG mode leased by instance.</summary>
public sealed class GpuBoardViewTests : PortalComponentTestBase
{
    private static readonly DateTimeOffset ReadAt = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_LeaseOnAWholeGpu_NamesTheHolderOnThatCardOnly()
    {
        var snapshot = Capture("8x-tesla-v100s-pcie-32gb_460.73.01.xml");
        var third = snapshot.Gpus[2].Uuid!;

        var board = GpuBoardView.Build(snapshot, [Lease(third, "grace", "train")]);

        Assert.Equal(8, board.UnitCount);
        Assert.Equal(1, board.HeldCount);
        Assert.Equal(7, board.FreeCount);
        Assert.Equal(third, board.Cards[2].DeviceId);
        Assert.Equal("grace", board.Cards[2].Holder?.Owner);
        Assert.All(board.Cards.Where(c => c.Gpu.Index != 2), card => Assert.Null(card.Holder));
    }

    [Fact]
    public void Build_MigGpu_OffersItsInstancesAndNotTheWholeGpu()
    {
        var snapshot = Capture("a100-sxm4-80gb-mig_535.54.03_1-of-4-gpus.xml");
        var units = GpuUnits.From(snapshot);
        var leased = units[1].DeviceId;

        var board = GpuBoardView.Build(snapshot, [Lease(leased, "ada", "finetune")]);

        var card = Assert.Single(board.Cards);
        Assert.True(card.IsMig);
        Assert.Null(card.DeviceId);
        Assert.Equal(units.Count, card.MigDevices.Count);
        Assert.Equal(units.Count, board.UnitCount);
        Assert.Equal(1, board.HeldCount);
        Assert.True(card.IsHeld);
        Assert.Equal("finetune", Assert.Single(card.MigDevices, m => m.Holder is not null).Holder!.ContainerName);
    }

    [Fact]
    public void GpuCard_MigGpuWithOneInstanceHeld_ListsInstancesWithTheirHolders()
    {
        var snapshot = Capture("a100-sxm4-80gb-mig_535.54.03_1-of-4-gpus.xml");
        var units = GpuUnits.From(snapshot);
        var card = GpuBoardView.Build(snapshot, [Lease(units[0].DeviceId, "ada", "finetune")]).Cards[0];

        var cut = Render<GpuCard>(parameters => parameters.Add(c => c.Card, card).Add(c => c.CurrentUser, "ada"));

        Assert.Equal(units.Count, cut.FindAll("[data-testid=mig-device]").Count);
        var holder = Assert.Single(cut.FindAll("[data-testid=gpu-holder]"));
        Assert.Contains("ada / finetune", holder.TextContent);
        Assert.Equal(units.Count - 1, cut.FindAll("[data-testid=gpu-free]").Count);
        Assert.Contains("MIG", cut.Markup);
    }

    private static GpuSnapshot Capture(string file) =>
        NvidiaSmiXmlParser.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(GpuPortalAppFactory.FixturePath)!, file)), ReadAt);

    private static GpuLeaseInfo Lease(string deviceId, string owner, string container) =>
        new(deviceId, owner, container, Guid.NewGuid().ToString("N"), null, ReadAt);
}
