namespace Portal.Engine.Disk;

/// <summary>One full accounting pass. A seam so tests can hold a real pass open and watch readers not wait for it.</summary>
internal interface IDiskUsageScanner
{
    Task<DiskUsageFigures> MeasureAsync(CancellationToken cancellationToken);
}
