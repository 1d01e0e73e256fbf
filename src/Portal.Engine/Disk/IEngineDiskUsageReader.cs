namespace Portal.Engine.Disk;

/// <summary>
/// The engine's <c>GET /system/df</c>, read for the whole portal through one door: the engine (20.10) runs one disk
/// usage scan at a time and refuses the others, so the disk accounting and the cleanup preview queue here instead.
/// </summary>
internal interface IEngineDiskUsageReader
{
    /// <summary>Reads it afresh, after any read already under way; waits while another client's scan holds the engine.</summary>
    Task<EngineDiskUsage> ReadAsync(CancellationToken cancellationToken);
}
