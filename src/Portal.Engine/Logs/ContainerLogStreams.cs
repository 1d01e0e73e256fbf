using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Portal.Engine.Docker;

namespace Portal.Engine.Logs;

/// <summary>Opens Docker log streams: always both output streams, always with Docker's timestamps.</summary>
internal sealed class ContainerLogStreams(DockerConnection connection)
{
    /// <summary>
    /// Opens the container's log. <paramref name="tail"/> null reads everything (from <paramref name="since"/> when
    /// given); <paramref name="follow"/> keeps the stream open until the container stops.
    /// </summary>
    /// <exception cref="DockerContainerNotFoundException">The container does not exist.</exception>
    public Task<MultiplexedStream> OpenAsync(string containerId, bool follow, int? tail, string? since, CancellationToken cancellationToken) =>
        connection.Client.Containers.GetContainerLogsAsync(
            containerId,
            new ContainerLogsParameters
            {
                ShowStdout = true,
                ShowStderr = true,
                Timestamps = true,
                Follow = follow,
                Tail = tail is { } lines ? lines.ToString(CultureInfo.InvariantCulture) : "all",
                Since = since,
            },
            cancellationToken);
}
