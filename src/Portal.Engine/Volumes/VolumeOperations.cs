using System.Net;
using Docker.DotNet;
using Portal.Engine.Common;
using Portal.Engine.Docker;

namespace Portal.Engine.Volumes;

internal sealed class VolumeOperations(DockerConnection connection) : IVolumeOperations
{
    public async Task<IReadOnlyDictionary<string, string>?> GetLabelsAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var volume = await connection.Client.Volumes.InspectAsync(name, cancellationToken).ConfigureAwait(false);
            return volume.Labels is { } labels ? new Dictionary<string, string>(labels, StringComparer.Ordinal) : new Dictionary<string, string>();
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<RemovalResult> RemoveAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await connection.Client.Volumes.RemoveAsync(name, force: false, cancellationToken).ConfigureAwait(false);
            return RemovalResult.Removed;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return RemovalResult.NotFound;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            return new RemovalResult(RemovalStatus.InUse, EngineErrors.Message(ex));
        }
    }
}
