using Portal.Engine.Gpus;

namespace Portal.Engine.Tests.Gpus;

public sealed class NvidiaSmiXmlParserTests
{
    private const string PlaceholderUuidAb = "GPU-12345678-aaaa-bbbb-cccc-0123456789ab";
    private const string PlaceholderUuidCd = "GPU-12345678-aaaa-bbbb-cccc-0123456789cd";
    private static readonly DateTimeOffset ReadAt = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    // Expected values were read from each file with grep (<uuid>, <product_name>, the first <total> of <fb_memory_usage>,
    // <current_mig>, <mig_device>, <process_info>), not from the parser. Process count is the sum over all GPUs.
    [Theory]
    [InlineData("2x-rtx-2070_590.44.01.xml", "590.44.01", "13.1", "NVIDIA GeForce RTX 2070", 8192L, PlaceholderUuidAb + "," + PlaceholderUuidCd, null, 0, 0)]
    [InlineData("2x-rtx-2080_590.44.01.xml", "590.44.01", "13.1", "NVIDIA GeForce RTX 2080", 8192L, PlaceholderUuidAb + "," + PlaceholderUuidAb, null, 0, 0)]
    [InlineData("2x-rtx-a5000_590.44.01.xml", "590.44.01", "13.1", "NVIDIA RTX A5000", 24564L, PlaceholderUuidAb + "," + PlaceholderUuidCd, null, 0, 2)]
    [InlineData(
        "8x-tesla-v100s-pcie-32gb_460.73.01.xml", "460.73.01", "11.2", "Tesla V100S-PCIE-32GB", 32510L,
        "GPU-76098dc1-d3bc-9a1b-7ea6-f7b48837829e,GPU-bbf7a241-bf9a-eb90-b2fb-d213294faf48,GPU-8f75e71c-23dd-a060-d997-4caf592954db,"
        + "GPU-3181eb56-505c-8214-ba05-c132f68f89b8,GPU-2aa87d54-d4ff-2900-812b-1a4b7e119583,GPU-39c3a168-9034-0b5a-223a-1042f30a9242,"
        + "GPU-d2446f91-171e-1b54-515d-9d9b03484ddf,GPU-1d955959-c95b-4f40-2cac-100d3006ffe2",
        null, 0, 8)]
    [InlineData("a100-sxm4-80gb-mig_535.54.03_1-of-4-gpus.xml", "535.54.03", "12.2", "NVIDIA A100-SXM4-80GB", 81920L, "GPU-513536b6-7d19-9063-b049-1e69664bb298", MigMode.Enabled, 4, 0)]
    [InlineData("a10g_515.105.01.xml", "515.105.01", "11.7", "NVIDIA A10G", 23028L, "GPU-9a9a6c50-2a47-2f51-a902-b82c3b127e94", null, 0, 1)]
    [InlineData("quadro-p2000_525.125.06.xml", "525.125.06", "12.0", "Quadro P2000", 5120L, "GPU-396caaed-39ca-3199-2e68-717cdb786ec6", null, 0, 0)]
    [InlineData("quadro-p400_418.43.xml", "418.43", "10.1", "Quadro P400", 1998L, "GPU-8f750be4-dfbc-23b9-b33f-da729a536494", null, 0, 0)]
    [InlineData("rtx-3060_570.124.04.xml", "570.124.04", "12.8", "NVIDIA GeForce RTX 3060", 12288L, "GPU-d6889ff6-2523-9142-ca3c-1ca3f396a625", null, 0, 0)]
    [InlineData("rtx-3080-windows_536.40.xml", "536.40", "12.2", "NVIDIA GeForce RTX 3080", 10240L, "GPU-19d6d965-2acc-f646-00f8-4c76979aabb4", null, 0, 0)]
    [InlineData("rtx-3080_595.58.03.xml", "595.58.03", "13.2", "NVIDIA GeForce RTX 3080", 10240L, "GPU-19d6d965-2acc-f646-00f8-4c76979aabb4", null, 0, 0)]
    [InlineData("rtx-3090_525.147.05.xml", "525.147.05", "12.0", "NVIDIA GeForce RTX 3090", 24576L, PlaceholderUuidAb, null, 0, 0)]
    [InlineData("rtx-3090_590.44.01.xml", "590.44.01", "13.1", "NVIDIA GeForce RTX 3090", 24576L, PlaceholderUuidAb, null, 0, 0)]
    [InlineData("rtx-4000-sff-ada_595.84.xml", "595.84", "13.2", "NVIDIA RTX 4000 SFF Ada Generation", 20475L, "GPU-37037c3f-65c8-ec4d-24a9-420204ad8026", null, 0, 4)]
    [InlineData("rtx-pro-6000-blackwell-maxq_590.44.01.xml", "590.44.01", "13.1", "NVIDIA RTX PRO 6000 Blackwell Max-Q Workstation Edition", 97887L, PlaceholderUuidAb, null, 0, 1)]
    [InlineData("tesla-t4_515.105.01.xml", "515.105.01", "11.7", "Tesla T4", 15360L, "GPU-d37e67a5-91dd-3774-a5cb-99096249601a", null, 0, 2)]
    [InlineData("tesla-v100-pcie-32gb_460.39.xml", "460.39", "11.2", "Tesla V100-PCIE-32GB", 32510L, "GPU-e77ce5d8-8b63-c936-3c1b-839d45bcd0f2", null, 0, 4)]
    [InlineData("tu116-graphics-device_418.43.xml", "418.43", "10.1", "Graphics Device", 5912L, "GPU-304a277d-3545-63b8-3a36-dfde3c992989", null, 0, 0)]
    public void Parse_Fixture_ReadsGpusAsInTheFile(
        string file, string driver, string cuda, string name, long memoryTotalMiB, string uuids, MigMode? migMode, int migDevices, int processes)
    {
        var snapshot = NvidiaSmiXmlParser.Parse(NvidiaSmiFixtures.Xml(file), ReadAt);

        var expectedUuids = uuids.Split(',');
        Assert.Null(snapshot.Error);
        Assert.False(snapshot.IsUnknown);
        Assert.Equal(ReadAt, snapshot.ReadAt);
        Assert.Equal(driver, snapshot.DriverVersion);
        Assert.Equal(cuda, snapshot.CudaVersion);
        Assert.Equal(expectedUuids.Length, snapshot.Gpus.Count);
        Assert.Equal(expectedUuids, snapshot.Gpus.Select(gpu => gpu.Uuid));
        Assert.Equal(Enumerable.Range(0, expectedUuids.Length), snapshot.Gpus.Select(gpu => gpu.Index));
        Assert.All(snapshot.Gpus, gpu =>
        {
            Assert.Equal(name, gpu.Name);
            Assert.Equal(memoryTotalMiB, gpu.MemoryTotalMiB);
            Assert.Equal(migMode, gpu.MigMode);
        });
        Assert.Equal(migDevices, snapshot.Gpus.Sum(gpu => gpu.MigDevices.Count));
        Assert.Equal(processes, snapshot.Gpus.Sum(gpu => gpu.Processes.Count));
    }

    [Fact]
    public void Parse_EveryFixture_HasATheoryRowAndSaneMemory()
    {
        var theory = typeof(NvidiaSmiXmlParserTests).GetMethod(nameof(Parse_Fixture_ReadsGpusAsInTheFile))!;
        var covered = theory.GetCustomAttributes(typeof(InlineDataAttribute), false)
            .Cast<InlineDataAttribute>()
            .Select(row => (string)row.GetData(theory).Single()[0])
            .ToHashSet();

        foreach (var file in NvidiaSmiFixtures.XmlNames())
        {
            Assert.Contains(file, covered);
            var snapshot = NvidiaSmiXmlParser.Parse(NvidiaSmiFixtures.Xml(file), ReadAt);
            Assert.All(snapshot.Gpus, gpu =>
            {
                Assert.NotNull(gpu.PciBusId);
                Assert.True(gpu.MemoryUsedMiB + gpu.MemoryFreeMiB <= gpu.MemoryTotalMiB, $"{file}: used + free > total");
            });
        }
    }

    [Fact]
    public void Parse_EightV100s_EachGpuDistinctWithThePythonProcess()
    {
        var snapshot = NvidiaSmiXmlParser.Parse(NvidiaSmiFixtures.Xml("8x-tesla-v100s-pcie-32gb_460.73.01.xml"), ReadAt);

        Assert.Equal(8, snapshot.Gpus.Count);
        Assert.Equal(8, snapshot.Gpus.Select(gpu => gpu.Uuid).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 8).Cast<int?>(), snapshot.Gpus.Select(gpu => gpu.MinorNumber));
        Assert.Equal("00000000:00:0D.0", snapshot.Gpus[0].PciBusId);
        Assert.Equal("00000000:00:14.0", snapshot.Gpus[7].PciBusId);
        Assert.All(snapshot.Gpus, gpu =>
        {
            // <accounted_processes> lists finished processes too; only <processes> counts.
            var process = Assert.Single(gpu.Processes);
            Assert.Equal(37305, process.Pid);
            Assert.Equal("python", process.Name);
            Assert.Equal("C", process.Type);
            Assert.Null(process.GpuInstanceId);
            Assert.Null(process.ComputeInstanceId);
        });
        Assert.Equal(31683, snapshot.Gpus[0].Processes[0].UsedMemoryMiB);
        Assert.Equal(232.80, snapshot.Gpus[0].PowerDrawWatts);
        Assert.Equal(250.00, snapshot.Gpus[0].PowerLimitWatts);
    }

    [Fact]
    public void Parse_TwoGpusWithTheSameUuid_KeepsBoth()
    {
        var snapshot = NvidiaSmiXmlParser.Parse(NvidiaSmiFixtures.Xml("2x-rtx-2080_590.44.01.xml"), ReadAt);

        Assert.Equal(2, snapshot.Gpus.Count);
        Assert.All(snapshot.Gpus, gpu => Assert.Equal(PlaceholderUuidAb, gpu.Uuid));
        Assert.Equal([0, 1], snapshot.Gpus.Select(gpu => gpu.Index));
        Assert.Equal(["00000000:01:00.0", "00000000:02:00.0"], snapshot.Gpus.Select(gpu => gpu.PciBusId));
    }

    [Fact]
    public void Parse_MinorNumberDiffersFromPosition_IndexIsThePosition()
    {
        var snapshot = NvidiaSmiXmlParser.Parse(NvidiaSmiFixtures.Xml("2x-rtx-a5000_590.44.01.xml"), ReadAt);

        Assert.Equal([0, 1], snapshot.Gpus.Select(gpu => gpu.Index));
        Assert.Equal([1, 0], snapshot.Gpus.Select(gpu => gpu.MinorNumber));
        Assert.Equal([22430L, 17246L], snapshot.Gpus.Select(gpu => gpu.Processes.Single().UsedMemoryMiB));
        Assert.All(snapshot.Gpus, gpu => Assert.Equal(100477, gpu.Processes.Single().Pid));
    }

    [Theory]
    [InlineData("quadro-p400_418.43.xml", 33, 0, 3)]
    [InlineData("tu116-graphics-device_418.43.xml", 40, 0, 1)]
    public void Parse_OldDriverWithoutDoctype_Parses(string file, int temperature, int gpuUtil, int memoryUtil)
    {
        var xml = NvidiaSmiFixtures.Xml(file);
        Assert.DoesNotContain("<!DOCTYPE", xml, StringComparison.Ordinal);

        var gpu = Assert.Single(NvidiaSmiXmlParser.Parse(xml, ReadAt).Gpus);

        Assert.Equal(temperature, gpu.TemperatureCelsius);
        Assert.Equal(gpuUtil, gpu.UtilizationGpuPercent);
        Assert.Equal(memoryUtil, gpu.UtilizationMemoryPercent);
        Assert.Equal("00000000:43:00.0", gpu.PciBusId);
        Assert.Null(gpu.MigMode); // driver 418 predates MIG: no <mig_mode> at all.
        Assert.Empty(gpu.MigDevices);
    }

    [Fact]
    public void Parse_OldDriverPowerNotAvailable_IsNull()
    {
        var gpu = Assert.Single(NvidiaSmiXmlParser.Parse(NvidiaSmiFixtures.Xml("quadro-p400_418.43.xml"), ReadAt).Gpus);

        Assert.Null(gpu.PowerDrawWatts);
        Assert.Null(gpu.PowerLimitWatts);
    }

    [Theory]
    [InlineData("tesla-t4_515.105.01.xml", 26.78, 70.00)] // v11 <power_readings>
    [InlineData("tu116-graphics-device_418.43.xml", 8.93, 130.00)] // no DTD, <power_readings>
    [InlineData("quadro-p2000_525.125.06.xml", 4.61, 75.00)] // v12 that still uses <power_readings>
    [InlineData("rtx-3080-windows_536.40.xml", 22.78, 336.00)] // v12 535+: <gpu_power_readings>
    [InlineData("a100-sxm4-80gb-mig_535.54.03_1-of-4-gpus.xml", 67.03, 500.00)] // v12 535+: <gpu_power_readings>
    [InlineData("rtx-3080_595.58.03.xml", 139.62, 320.00)] // v13: average_power_draw
    [InlineData("2x-rtx-2070_590.44.01.xml", 9.23, 175.00)] // v13 with average N/A: instant_power_draw
    public void Parse_PowerElementOfEachSchema_ReadsDrawAndLimit(string file, double draw, double limit)
    {
        var gpu = NvidiaSmiXmlParser.Parse(NvidiaSmiFixtures.Xml(file), ReadAt).Gpus[0];

        Assert.Equal(draw, gpu.PowerDrawWatts);
        Assert.Equal(limit, gpu.PowerLimitWatts);
    }

    [Fact]
    public void Parse_V13Schema_ReadsUtilizationTemperatureAndMemory()
    {
        var snapshot = NvidiaSmiXmlParser.Parse(NvidiaSmiFixtures.Xml("rtx-3080_595.58.03.xml"), ReadAt);

        var gpu = Assert.Single(snapshot.Gpus);
        Assert.Equal("13.2", snapshot.CudaVersion);
        Assert.Equal(0, gpu.MinorNumber);
        Assert.Equal("00000000:0C:00.0", gpu.PciBusId);
        Assert.Equal(65, gpu.UtilizationGpuPercent);
        Assert.Equal(9, gpu.UtilizationMemoryPercent);
        Assert.Equal(27, gpu.TemperatureCelsius);
        Assert.Equal(9184, gpu.MemoryUsedMiB);
        Assert.Equal(660, gpu.MemoryFreeMiB);
        Assert.Null(gpu.MigMode);
        Assert.Empty(gpu.MigDevices); // <mig_devices> holds the text "None".
    }

    [Fact]
    public void Parse_V13Processes_ReadsTypesAndMemory()
    {
        var gpu = Assert.Single(NvidiaSmiXmlParser.Parse(NvidiaSmiFixtures.Xml("rtx-4000-sff-ada_595.84.xml"), ReadAt).Gpus);

        Assert.Equal([1842, 3190, 4937, 34626], gpu.Processes.Select(p => p.Pid));
        Assert.Equal(["G", "G", "C", "C+G"], gpu.Processes.Select(p => p.Type));
        Assert.Equal(["cosmic-comp", "/usr/bin/code", "python", "/usr/lib/chromium/chromium"], gpu.Processes.Select(p => p.Name));
        Assert.Equal([410L, 451L, 160L, 183L], gpu.Processes.Select(p => p.UsedMemoryMiB));
    }

    [Fact]
    public void Parse_WindowsMinorNumberNotAvailable_IsNull()
    {
        var gpu = Assert.Single(NvidiaSmiXmlParser.Parse(NvidiaSmiFixtures.Xml("rtx-3080-windows_536.40.xml"), ReadAt).Gpus);

        Assert.Null(gpu.MinorNumber);
        Assert.Equal(37, gpu.UtilizationMemoryPercent);
    }

    [Fact]
    public void Parse_A100With4MigDevices_ReadsEachDevice()
    {
        var gpu = Assert.Single(NvidiaSmiXmlParser.Parse(NvidiaSmiFixtures.Xml("a100-sxm4-80gb-mig_535.54.03_1-of-4-gpus.xml"), ReadAt).Gpus);

        Assert.Equal(MigMode.Enabled, gpu.MigMode);
        Assert.Equal(4, gpu.MigDevices.Count);
        Assert.Equal([0, 1, 2, 3], gpu.MigDevices.Select(d => d.Index));
        Assert.Equal([3, 4, 5, 6], gpu.MigDevices.Select(d => d.GpuInstanceId));
        Assert.All(gpu.MigDevices, device =>
        {
            Assert.Equal(0, device.ComputeInstanceId);
            Assert.Equal(14, device.MultiprocessorCount);
            Assert.Equal(19968, device.MemoryTotalMiB);
            Assert.Equal(12, device.MemoryUsedMiB);
            Assert.Equal(19955, device.MemoryFreeMiB);
            Assert.Null(device.Uuid); // the XML never carries MIG UUIDs; nvidia-smi -L does.
            Assert.Null(device.Profile);
        });
        Assert.Null(gpu.UtilizationGpuPercent); // N/A under MIG
        Assert.Equal(50, gpu.MemoryUsedMiB);
        Assert.Empty(gpu.Processes); // a self-closing <processes />
    }

    [Fact]
    public void Parse_PlaceholdersAndMissingElements_BecomeNull()
    {
        const string xml = """
            <?xml version="1.0" ?>
            <!DOCTYPE nvidia_smi_log SYSTEM "nvsmi_device_v13.dtd">
            <nvidia_smi_log>
                <driver_version>N/A</driver_version>
                <gpu id="00000000:07:00.0">
                    <product_name>[REDACTED]</product_name>
                    <mig_mode><current_mig>[N/A]</current_mig></mig_mode>
                    <uuid>REDACTED</uuid>
                    <minor_number>[Not Supported]</minor_number>
                    <fb_memory_usage>
                        <total>N/A</total>
                        <used>[Unknown Error]</used>
                        <free>12 GiB</free>
                    </fb_memory_usage>
                    <utilization>
                        <gpu_util>[N/A]</gpu_util>
                        <memory_util>Not Supported</memory_util>
                    </utilization>
                    <temperature><gpu_temp>[Not Supported]</gpu_temp></temperature>
                    <gpu_power_readings>
                        <average_power_draw>[N/A]</average_power_draw>
                        <instant_power_draw>N/A</instant_power_draw>
                        <current_power_limit>[Not Supported]</current_power_limit>
                    </gpu_power_readings>
                    <mig_devices>
                        <mig_device>
                            <index>N/A</index>
                            <gpu_instance_id>N/A</gpu_instance_id>
                        </mig_device>
                    </mig_devices>
                    <processes>
                        <process_info>
                            <pid>4242</pid>
                            <type>C+G</type>
                            <process_name></process_name>
                            <used_memory>N/A</used_memory>
                        </process_info>
                    </processes>
                </gpu>
            </nvidia_smi_log>
            """;

        var snapshot = NvidiaSmiXmlParser.Parse(xml, ReadAt);

        Assert.Null(snapshot.DriverVersion);
        Assert.Null(snapshot.CudaVersion);
        var gpu = Assert.Single(snapshot.Gpus);
        Assert.Equal(0, gpu.Index);
        Assert.Null(gpu.Name);
        Assert.Null(gpu.Uuid);
        Assert.Null(gpu.MinorNumber);
        Assert.Equal("00000000:07:00.0", gpu.PciBusId); // no <pci>: taken from the id attribute
        Assert.Null(gpu.MemoryTotalMiB);
        Assert.Null(gpu.MemoryUsedMiB);
        Assert.Null(gpu.MemoryFreeMiB); // a unit other than MiB is not guessed at
        Assert.Null(gpu.UtilizationGpuPercent);
        Assert.Null(gpu.UtilizationMemoryPercent);
        Assert.Null(gpu.TemperatureCelsius);
        Assert.Null(gpu.PowerDrawWatts);
        Assert.Null(gpu.PowerLimitWatts);
        Assert.Null(gpu.MigMode);
        var device = Assert.Single(gpu.MigDevices);
        Assert.Equal(0, device.Index);
        Assert.Null(device.GpuInstanceId);
        Assert.Null(device.MemoryTotalMiB);
        var process = Assert.Single(gpu.Processes);
        Assert.Equal(4242, process.Pid);
        Assert.Equal("C+G", process.Type);
        Assert.Null(process.Name);
        Assert.Null(process.UsedMemoryMiB);
    }

    [Fact]
    public void Parse_MigDisabled_IsDisabledNotNull()
    {
        const string xml = "<nvidia_smi_log><gpu><mig_mode><current_mig>Disabled</current_mig></mig_mode><mig_devices>None</mig_devices></gpu></nvidia_smi_log>";

        var gpu = Assert.Single(NvidiaSmiXmlParser.Parse(xml, ReadAt).Gpus);

        Assert.Equal(MigMode.Disabled, gpu.MigMode);
        Assert.Empty(gpu.MigDevices);
    }

    [Fact]
    public void Parse_NoGpus_IsAnEmptySnapshot()
    {
        var snapshot = NvidiaSmiXmlParser.Parse("<nvidia_smi_log><driver_version>590.44.01</driver_version><attached_gpus>0</attached_gpus></nvidia_smi_log>", ReadAt);

        Assert.Empty(snapshot.Gpus);
        Assert.Equal("590.44.01", snapshot.DriverVersion);
    }

    [Fact]
    public void Parse_DoctypeWithExternalEntity_DoesNotResolveIt()
    {
        // DTD processing is ignored, so an entity the DTD would define is an error, never a file read or a download.
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE nvidia_smi_log [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <nvidia_smi_log><driver_version>&secret;</driver_version></nvidia_smi_log>
            """;

        var ex = Assert.Throws<FormatException>(() => NvidiaSmiXmlParser.Parse(xml, ReadAt));
        Assert.DoesNotContain("root:", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.")]
    [InlineData("<nvidia_smi_log><gpu>")]
    [InlineData("<html><body>not it</body></html>")]
    public void Parse_NotAnNvidiaSmiLog_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => NvidiaSmiXmlParser.Parse(text, ReadAt));
    }
}
