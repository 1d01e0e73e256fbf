using System.Net;
using Docker.DotNet;
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
}
