using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Portal.Engine.Docker;

namespace Portal.Engine.Stats;

/// <summary><c>docker top</c>: Docker runs <c>ps</c> on the host and keeps the container's processes, so the PIDs are the host's.</summary>
internal sealed class ContainerProcessLister(DockerConnection connection) : IContainerProcessLister
{
    public async Task<IReadOnlySet<int>> ListHostPidsAsync(string containerId, CancellationToken cancellationToken)
    {
        try
        {
            var top = await connection.Client.Containers.ListProcessesAsync(containerId, new ContainerListProcessesParameters(), cancellationToken).ConfigureAwait(false);
            return DockerTopParser.HostPids(top.Titles, top.Processes);
        }
        catch (DockerContainerNotFoundException)
        {
            return new HashSet<int>();
        }
        catch (DockerApiException ex) when (ex.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound or HttpStatusCode.InternalServerError)
        {
            // 409 (20.10: "is not running"), or 500 from engines that say so differently: a container without processes.
            return new HashSet<int>();
        }
    }
}
