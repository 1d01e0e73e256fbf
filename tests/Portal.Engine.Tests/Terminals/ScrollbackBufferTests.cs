using System.Text;
using Portal.Engine.Terminals;

namespace Portal.Engine.Tests.Terminals;

public sealed class ScrollbackBufferTests
{
    [Fact]
    public void Snapshot_Empty_IsEmpty()
    {
        var ring = new ScrollbackBuffer(8);

        Assert.Empty(ring.Snapshot());
        Assert.Equal(0, ring.Length);
        Assert.False(ring.HasDropped);
    }

    [Fact]
    public void Append_UnderCapacity_KeepsEverythingInOrder()
    {
        var ring = new ScrollbackBuffer(16);

        ring.Append("hello "u8);
        ring.Append("world"u8);

        Assert.Equal("hello world", Text(ring));
        Assert.Equal(11, ring.Length);
        Assert.Equal(11, ring.TotalAppended);
    }

    [Fact]
    public void Append_PastCapacity_KeepsTheNewestBytes()
    {
        var ring = new ScrollbackBuffer(8);

        ring.Append("abcdef"u8);
        ring.Append("ghij"u8);

        Assert.Equal("cdefghij", Text(ring));
        Assert.Equal(8, ring.Length);
        Assert.Equal(10, ring.TotalAppended);
        Assert.True(ring.HasDropped);
    }

    [Fact]
    public void Append_ManySmallWritesAroundTheEnd_StaysInOrder()
    {
        var ring = new ScrollbackBuffer(5);
        var all = new StringBuilder();

        for (var i = 0; i < 23; i++)
        {
            var piece = ((char)('a' + (i % 26))).ToString() + i % 10;
            ring.Append(Encoding.ASCII.GetBytes(piece));
            all.Append(piece);
        }

        Assert.Equal(all.ToString()[^5..], Text(ring));
    }

    [Fact]
    public void Append_LargerThanCapacity_KeepsItsTail()
    {
        var ring = new ScrollbackBuffer(4);
        ring.Append("xy"u8);

        ring.Append("0123456789"u8);

        Assert.Equal("6789", Text(ring));
        ring.Append("ab"u8);
        Assert.Equal("89ab", Text(ring));
    }

    [Fact]
    public void Append_ExactlyCapacity_ReplacesEverything()
    {
        var ring = new ScrollbackBuffer(4);
        ring.Append("ab"u8);

        ring.Append("wxyz"u8);

        Assert.Equal("wxyz", Text(ring));
    }

    [Fact]
    public void Snapshot_AfterDroppingIntoACharacter_StartsAtTheNextCharacter()
    {
        // "é" is C3 A9 and "€" is E2 82 AC: overwrite so the kept bytes begin inside the euro sign.
        var ring = new ScrollbackBuffer(5);
        ring.Append("é€ok!"u8);

        var snapshot = ring.Snapshot();

        Assert.Equal("ok!", Encoding.UTF8.GetString(snapshot));
    }

    [Fact]
    public void Snapshot_NothingDropped_KeepsLeadingContinuationBytes()
    {
        // Binary output that happens to start with continuation bytes is the process's own, not a cut character.
        var ring = new ScrollbackBuffer(8);
        byte[] binary = [0x80, 0x81, 0x41];
        ring.Append(binary);

        Assert.Equal(binary, ring.Snapshot());
    }

    [Fact]
    public void Snapshot_InvalidUtf8_IsReturnedAsItIs()
    {
        var ring = new ScrollbackBuffer(4);
        byte[] noise = [0xFF, 0xFE, 0x00, 0xC3, 0x28];
        ring.Append(noise);

        Assert.Equal(noise[^4..], ring.Snapshot());
    }

    [Fact]
    public void Snapshot_IsACopy()
    {
        var ring = new ScrollbackBuffer(4);
        ring.Append("abcd"u8);
        var before = ring.Snapshot();

        ring.Append("ef"u8);

        Assert.Equal("abcd", Encoding.ASCII.GetString(before));
    }

    [Fact]
    public void Constructor_ZeroCapacity_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScrollbackBuffer(0));
    }

    private static string Text(ScrollbackBuffer ring) => Encoding.UTF8.GetString(ring.Snapshot());
}
