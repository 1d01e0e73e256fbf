using Portal.Engine.Common;

namespace Portal.Components.Shared;

/// <summary>Formats byte counts the way people read them (binary units, as <c>docker system df</c> does).</summary>
public static class ByteSize
{
    public static string Format(long bytes) => ByteUnits.Format(bytes);
}
