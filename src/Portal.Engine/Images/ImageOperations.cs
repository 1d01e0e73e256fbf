using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Portal.Engine.Common;
using Portal.Engine.Docker;

namespace Portal.Engine.Images;

internal sealed class ImageOperations(DockerConnection connection) : IImageOperations
{
    public async Task<bool> ExistsAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await connection.Client.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task<RemovalResult> RemoveAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await connection.Client.Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = false }, cancellationToken).ConfigureAwait(false);
            return RemovalResult.Removed;
        }
        catch (DockerImageNotFoundException)
        {
            return RemovalResult.NotFound;
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
