using Portal.Engine.Gpus;

namespace Portal.Engine.Tests.Gpus;

public sealed class GpuUnitsTests
{
    private const string V100sFile = "8x-tesla-v100s-pcie-32gb_460.73.01.xml";
    private const string A100MigFile = "a100-sxm4-80gb-mig_535.54.03_1-of-4-gpus.xml";
    private const string A100Uuid = "GPU-513536b6-7d19-9063-b049-1e69664bb298";
    private static readonly DateTimeOffset ReadAt = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static GpuSnapshot Snapshot(string file) => NvidiaSmiXmlParser.Parse(NvidiaSmiFixtures.Xml(file), ReadAt);

    [Fact]
    public void From_EightWholeGpus_OneUnitPerGpuNamedByUuidInIndexOrder()
    {
        var units = GpuUnits.From(Snapshot(V100sFile));

        Assert.Equal(
            [
                "GPU-76098dc1-d3bc-9a1b-7ea6-f7b48837829e", "GPU-bbf7a241-bf9a-eb90-b2fb-d213294faf48",
                "GPU-8f75e71c-23dd-a060-d997-4caf592954db", "GPU-3181eb56-505c-8214-ba05-c132f68f89b8",
                "GPU-2aa87d54-d4ff-2900-812b-1a4b7e119583", "GPU-39c3a168-9034-0b5a-223a-1042f30a9242",
                "GPU-d2446f91-171e-1b54-515d-9d9b03484ddf", "GPU-1d955959-c95b-4f40-2cac-100d3006ffe2",
            ],
            units.Select(u => u.DeviceId));
        Assert.Equal(Enumerable.Range(0, 8), units.Select(u => u.GpuIndex));
        Assert.All(units, unit =>
        {
            Assert.False(unit.IsMig);
            Assert.Null(unit.MigIndex);
            Assert.Null(unit.Profile);
            Assert.Equal("Tesla V100S-PCIE-32GB", unit.Name);
            Assert.Equal(32510L, unit.MemoryTotalMiB);
        });
    }

    [Fact]
    public void From_TwoGpusWithTheSameUuid_NamesBothByIndex()
    {
        // The capture was anonymised to one placeholder UUID for both boards; leasing it would hand out both.
        var units = GpuUnits.From(Snapshot("2x-rtx-2080_590.44.01.xml"));

        Assert.Equal(["0", "1"], units.Select(u => u.DeviceId));
        Assert.Equal([0, 1], units.Select(u => u.GpuIndex));
    }

    [Fact]
    public void From_TwoGpusWithDistinctPlaceholderUuids_KeepsTheUuids()
    {
        var units = GpuUnits.From(Snapshot("2x-rtx-2070_590.44.01.xml"));

        Assert.Equal(["GPU-12345678-aaaa-bbbb-cccc-0123456789ab", "GPU-12345678-aaaa-bbbb-cccc-0123456789cd"], units.Select(u => u.DeviceId));
    }

    [Fact]
    public void From_EveryFixture_DeviceIdsAreUnique()
    {
        foreach (var file in NvidiaSmiFixtures.XmlNames())
        {
            var units = GpuUnits.From(Snapshot(file));
            Assert.True(units.Count > 0, $"{file} offers no unit");
            Assert.Equal(units.Count, units.Select(u => u.DeviceId).Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Fact]
    public void From_MigGpuWithoutListedUuids_OffersItsInstancesByTheLegacyName()
    {
        var units = GpuUnits.From(Snapshot(A100MigFile));

        Assert.Equal(
            [$"MIG-{A100Uuid}/3/0", $"MIG-{A100Uuid}/4/0", $"MIG-{A100Uuid}/5/0", $"MIG-{A100Uuid}/6/0"],
            units.Select(u => u.DeviceId));
        Assert.All(units, unit =>
        {
            Assert.True(unit.IsMig);
            Assert.Equal(0, unit.GpuIndex);
            Assert.Equal(19968L, unit.MemoryTotalMiB);
        });
        Assert.Equal([0, 1, 2, 3], units.Select(u => u.MigIndex!.Value));
        Assert.DoesNotContain(units, unit => unit.DeviceId == A100Uuid);
    }

    [Fact]
    public void From_MigGpuWithListedUuids_OffersTheMigUuidsAndProfiles()
    {
        var listing = $"GPU 0: NVIDIA A100-SXM4-80GB (UUID: {A100Uuid})\n"
            + "  MIG 2g.20gb     Device  0: (UUID: MIG-11111111-0000-0000-0000-000000000000)\n"
            + "  MIG 2g.20gb     Device  1: (UUID: MIG-11111111-0000-0000-0000-000000000001)\n"
            + "  MIG 2g.20gb     Device  2: (UUID: MIG-11111111-0000-0000-0000-000000000002)\n"
            + "  MIG 2g.20gb     Device  3: (UUID: MIG-11111111-0000-0000-0000-000000000003)\n";
        var snapshot = NvidiaSmiListParser.AttachMigDetails(Snapshot(A100MigFile), NvidiaSmiListParser.Parse(listing));

        var units = GpuUnits.From(snapshot);

        Assert.Equal(
            [
                "MIG-11111111-0000-0000-0000-000000000000", "MIG-11111111-0000-0000-0000-000000000001",
                "MIG-11111111-0000-0000-0000-000000000002", "MIG-11111111-0000-0000-0000-000000000003",
            ],
            units.Select(u => u.DeviceId));
        Assert.All(units, unit => Assert.Equal("2g.20gb", unit.Profile));
    }

    [Fact]
    public void From_H100MigListing_OffersEachInstanceWithItsProfile()
    {
        var gpu = new GpuDevice
        {
            Index = 0,
            Uuid = "GPU-00000000-0000-0000-0000-000000000000",
            Name = "NVIDIA H100 80GB HBM3",
            MigMode = MigMode.Enabled,
            MigDevices = [.. Enumerable.Range(0, 4).Select(i => new MigDevice { Index = i, GpuInstanceId = i + 1, ComputeInstanceId = 0 })],
        };
        var snapshot = NvidiaSmiListParser.AttachMigDetails(
            new GpuSnapshot { ReadAt = ReadAt, Gpus = [gpu] },
            NvidiaSmiListParser.Parse(NvidiaSmiFixtures.List("h100-80gb-hbm3-mig_590.48.01_nvidia-smi-L.txt")));

        var units = GpuUnits.From(snapshot);

        Assert.Equal(
            [
                "MIG-00000000-0000-0000-0000-000000000000", "MIG-00000001-0000-0000-0000-000000000001",
                "MIG-00000002-0000-0000-0000-000000000002", "MIG-00000003-0000-0000-0000-000000000003",
            ],
            units.Select(u => u.DeviceId));
        Assert.Equal(["3g.40gb", "2g.20gb", "1g.10gb", "1g.10gb"], units.Select(u => u.Profile));
    }

    [Fact]
    public void From_MigEnabledWithoutInstances_OffersNothingForThatGpu()
    {
        var snapshot = new GpuSnapshot
        {
            ReadAt = ReadAt,
            Gpus =
            [
                new GpuDevice { Index = 0, Uuid = "GPU-a", MigMode = MigMode.Enabled },
                new GpuDevice { Index = 1, Uuid = "GPU-b", MigMode = MigMode.Disabled },
            ],
        };

        Assert.Equal(["GPU-b"], GpuUnits.From(snapshot).Select(u => u.DeviceId));
    }

    [Fact]
    public void From_GpuWithoutUuid_IsNamedByIndex()
    {
        var snapshot = new GpuSnapshot
        {
            ReadAt = ReadAt,
            Gpus = [new GpuDevice { Index = 0, Uuid = "GPU-a" }, new GpuDevice { Index = 1 }],
        };

        Assert.Equal(["GPU-a", "1"], GpuUnits.From(snapshot).Select(u => u.DeviceId));
    }

    [Fact]
    public void From_FailedOrEmptySnapshot_OffersNothing()
    {
        Assert.Empty(GpuUnits.From(GpuSnapshot.Failed(ReadAt, "nvidia-smi failed")));
        Assert.Empty(GpuUnits.From(GpuSnapshot.Unknown(ReadAt)));
    }
}
