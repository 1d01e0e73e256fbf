using Portal.Engine.Launch;
using Portal.Engine.Tests.Gpus;

namespace Portal.Engine.Tests.Unit;

public sealed class MemlockSupportTests
{
    private const int CapSysResource = 24;

    [Theory]
    [InlineData("000001ffffffffff", true)]
    [InlineData("0000003fffffffff", true)]
    [InlineData("0000000001000000", true)]
    [InlineData("000001fffeffffff", false)] // a sandboxed engine's bounding set: everything but CAP_SYS_RESOURCE
    [InlineData("0000000000000000", false)]
    [InlineData("00000000a80425fb", false)] // Docker's default set for containers
    public void HasCapability_HexMask_ReadsBit24(string mask, bool expected)
    {
        Assert.Equal(expected, MemlockSupport.HasCapability(mask, CapSysResource));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-hex")]
    [InlineData("0x1000000")]
    [InlineData("1ffffffffffffffffff")]
    public void HasCapability_NotAMask_IsFalse(string mask)
    {
        Assert.False(MemlockSupport.HasCapability(mask, CapSysResource));
    }

    [Fact]
    public void HasCapability_OtherBits_AreReadToo()
    {
        Assert.True(MemlockSupport.HasCapability("0000000000000001", 0));
        Assert.False(MemlockSupport.HasCapability("0000000000000001", 1));
        Assert.True(MemlockSupport.HasCapability("8000000000000000", 63));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Resolve_Configured_WinsOverTheHost(bool configured)
    {
        Assert.Equal(configured, MemlockSupport.Resolve(configured, "/nonexistent/status"));
    }

    [Theory]
    [InlineData("000001ffffffffff", true)]
    [InlineData("000001fffeffffff", false)]
    public void Resolve_Unset_ReadsTheBoundingSet(string mask, bool expected)
    {
        using var folder = new TempFolder();
        var status = folder.File("status");
        File.WriteAllText(status, $"Name:\tportal\nCapInh:\t0000000000000000\nCapBnd:\t{mask}\nCapAmb:\t0000000000000000\n");

        Assert.Equal(expected, MemlockSupport.Resolve(null, status));
    }

    [Fact]
    public void Resolve_UnsetAndNoStatusFile_AssumesANormalHost()
    {
        Assert.True(MemlockSupport.Resolve(null, "/nonexistent/" + Guid.NewGuid().ToString("N")));
    }

    [Fact]
    public void Resolve_UnsetAndNoBoundingSetLine_AssumesANormalHost()
    {
        using var folder = new TempFolder();
        var status = folder.File("status");
        File.WriteAllText(status, "Name:\tportal\n");

        Assert.True(MemlockSupport.Resolve(null, status));
    }
}
