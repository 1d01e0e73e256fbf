namespace Portal.Engine.Stats;

/// <summary>The processes of a container as the host sees them.</summary>
internal interface IContainerProcessLister
{
    /// <summary>Host PIDs of the container's processes (what <c>docker top</c> shows); empty when it does not run or is gone.</summary>
    Task<IReadOnlySet<int>> ListHostPidsAsync(string containerId, CancellationToken cancellationToken);
}
