using Portal.Engine.Gpus;

namespace Portal.Engine.Tests.Gpus;

public sealed class NvidiaSmiListParserTests
{
    private const string MaskedGpuUuid = "GPU-00000000-0000-0000-0000-000000000000";
    private static readonly DateTimeOffset ReadAt = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Parse_H100MigCapture_ReadsGpuAndFourMigDevices()
    {
        var gpu = Assert.Single(NvidiaSmiListParser.Parse(NvidiaSmiFixtures.List("h100-80gb-hbm3-mig_590.48.01_nvidia-smi-L.txt")));

        Assert.Equal(0, gpu.Index);
        Assert.Equal("NVIDIA H100 80GB HBM3", gpu.Name);
        Assert.Equal(MaskedGpuUuid, gpu.Uuid);
        Assert.Equal([0, 1, 2, 3], gpu.MigDevices.Select(d => d.Index));
        Assert.Equal(["3g.40gb", "2g.20gb", "1g.10gb", "1g.10gb"], gpu.MigDevices.Select(d => d.Profile));
        Assert.Equal(
            [
                "MIG-00000000-0000-0000-0000-000000000000",
                "MIG-00000001-0000-0000-0000-000000000001",
                "MIG-00000002-0000-0000-0000-000000000002",
                "MIG-00000003-0000-0000-0000-000000000003",
            ],
            gpu.MigDevices.Select(d => d.Uuid));
    }

    [Fact]
    public void Parse_H200MigCapture_ReadsComputeInstanceProfiles()
    {
        var gpu = Assert.Single(NvidiaSmiListParser.Parse(NvidiaSmiFixtures.List("h200-mig_590.48.01_nvidia-smi-L.txt")));

        Assert.Equal("NVIDIA H200", gpu.Name);
        Assert.Equal(["1c.3g.71gb", "2c.3g.71gb", "2g.35gb", "1g.18gb", "1g.18gb"], gpu.MigDevices.Select(d => d.Profile));
        Assert.Equal("MIG-00000004-0000-0000-0000-000000000004", gpu.MigDevices[4].Uuid);
    }

    [Fact]
    public void Parse_SeveralGpusAndNoise_GroupsMigLinesUnderTheirGpu()
    {
        // Hand-written in the shape of a two-GPU host; the second line style is the pre-R470 MIG UUID form.
        const string output = "Warning: something unrelated\r\n"
            + "GPU 0: Tesla T4 (UUID: GPU-d37e67a5-91dd-3774-a5cb-99096249601a)\r\n"
            + "GPU 1: A100-SXM4-40GB (UUID: GPU-27b94a00-ed54-5c24-b1fd-1054085de32a)\r\n"
            + "  MIG 1g.5gb Device 0: (UUID: MIG-GPU-27b94a00-ed54-5c24-b1fd-1054085de32a/7/0)\r\n";

        var gpus = NvidiaSmiListParser.Parse(output);

        Assert.Equal([0, 1], gpus.Select(g => g.Index));
        Assert.Equal("Tesla T4", gpus[0].Name);
        Assert.Empty(gpus[0].MigDevices);
        var mig = Assert.Single(gpus[1].MigDevices);
        Assert.Equal("1g.5gb", mig.Profile);
        Assert.Equal("MIG-GPU-27b94a00-ed54-5c24-b1fd-1054085de32a/7/0", mig.Uuid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.")]
    [InlineData("No devices found.")]
    public void Parse_NoGpuLines_IsEmpty(string output)
    {
        Assert.Empty(NvidiaSmiListParser.Parse(output));
    }

    [Fact]
    public void AttachMigDetails_MatchingGpu_FillsUuidAndProfileByIndex()
    {
        // The MIG devices of the same H100 as the -L capture, with the GI ids and sizes of its `nvidia-smi -q` section.
        var snapshot = H100Snapshot(MaskedGpuUuid);
        var listed = NvidiaSmiListParser.Parse(NvidiaSmiFixtures.List("h100-80gb-hbm3-mig_590.48.01_nvidia-smi-L.txt"));

        var merged = NvidiaSmiListParser.AttachMigDetails(snapshot, listed);

        var devices = Assert.Single(merged.Gpus).MigDevices;
        Assert.Equal(["3g.40gb", "2g.20gb", "1g.10gb", "1g.10gb"], devices.Select(d => d.Profile));
        Assert.Equal("MIG-00000000-0000-0000-0000-000000000000", devices[0].Uuid);
        Assert.Equal("MIG-00000003-0000-0000-0000-000000000003", devices[3].Uuid);
        Assert.Equal([2, 3, 9, 10], devices.Select(d => d.GpuInstanceId)); // the XML's own values are kept
        Assert.Equal(40448, devices[0].MemoryTotalMiB);
        Assert.Null(Assert.Single(snapshot.Gpus).MigDevices[0].Uuid); // pure: the input is not changed
    }

    [Fact]
    public void AttachMigDetails_GpuUuidDiffers_LeavesTheGpuAlone()
    {
        var snapshot = H100Snapshot("GPU-11111111-2222-3333-4444-555555555555");
        var listed = NvidiaSmiListParser.Parse(NvidiaSmiFixtures.List("h100-80gb-hbm3-mig_590.48.01_nvidia-smi-L.txt"));

        var merged = NvidiaSmiListParser.AttachMigDetails(snapshot, listed);

        Assert.All(merged.Gpus[0].MigDevices, d => Assert.Null(d.Uuid));
    }

    [Fact]
    public void AttachMigDetails_A100XmlFixture_AttachesUuidsToItsFourDevices()
    {
        var snapshot = NvidiaSmiXmlParser.Parse(NvidiaSmiFixtures.Xml("a100-sxm4-80gb-mig_535.54.03_1-of-4-gpus.xml"), ReadAt);
        // Hand-written: no -L output of that A100 was published; the MIG UUIDs are made up.
        const string list = """
            GPU 0: NVIDIA A100-SXM4-80GB (UUID: GPU-513536b6-7d19-9063-b049-1e69664bb298)
              MIG 1g.20gb     Device  0: (UUID: MIG-aaaaaaaa-0000-5000-8000-000000000000)
              MIG 1g.20gb     Device  1: (UUID: MIG-aaaaaaaa-0000-5000-8000-000000000001)
              MIG 1g.20gb     Device  2: (UUID: MIG-aaaaaaaa-0000-5000-8000-000000000002)
              MIG 1g.20gb     Device  3: (UUID: MIG-aaaaaaaa-0000-5000-8000-000000000003)
            """;

        var merged = NvidiaSmiListParser.AttachMigDetails(snapshot, NvidiaSmiListParser.Parse(list));

        var devices = Assert.Single(merged.Gpus).MigDevices;
        Assert.Equal(4, devices.Count);
        Assert.Equal(4, devices.Select(d => d.Uuid).Distinct().Count());
        Assert.All(devices, d => Assert.Equal("1g.20gb", d.Profile));
        Assert.Equal("MIG-aaaaaaaa-0000-5000-8000-000000000002", devices[2].Uuid);
    }

    [Fact]
    public void AttachMigDetails_NoListedGpus_ReturnsTheSameDevices()
    {
        var snapshot = H100Snapshot(MaskedGpuUuid);

        var merged = NvidiaSmiListParser.AttachMigDetails(snapshot, []);

        Assert.Equal(snapshot.Gpus[0].MigDevices, merged.Gpus[0].MigDevices);
    }

    private static GpuSnapshot H100Snapshot(string gpuUuid) => new()
    {
        ReadAt = ReadAt,
        Gpus =
        [
            new GpuDevice
            {
                Index = 0,
                Uuid = gpuUuid,
                Name = "NVIDIA H100 80GB HBM3",
                MigMode = MigMode.Enabled,
                MigDevices =
                [
                    new MigDevice { Index = 0, GpuInstanceId = 2, ComputeInstanceId = 0, MultiprocessorCount = 60, MemoryTotalMiB = 40448 },
                    new MigDevice { Index = 1, GpuInstanceId = 3, ComputeInstanceId = 0, MultiprocessorCount = 32, MemoryTotalMiB = 20096 },
                    new MigDevice { Index = 2, GpuInstanceId = 9, ComputeInstanceId = 0, MultiprocessorCount = 16, MemoryTotalMiB = 9984 },
                    new MigDevice { Index = 3, GpuInstanceId = 10, ComputeInstanceId = 0, MultiprocessorCount = 16, MemoryTotalMiB = 9984 },
                ],
            },
        ],
    };
}
