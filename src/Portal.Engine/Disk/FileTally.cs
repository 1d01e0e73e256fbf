namespace Portal.Engine.Disk;

/// <summary>Bytes found in files, and how many files or folders could not be read on the way (counted as 0 bytes).</summary>
public readonly record struct FileTally(long Bytes, int Unreadable)
{
    public static FileTally Zero => default;

    public static FileTally operator +(FileTally left, FileTally right) => new(left.Bytes + right.Bytes, left.Unreadable + right.Unreadable);
}
