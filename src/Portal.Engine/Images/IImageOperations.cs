namespace Portal.Engine.Images;

/// <summary>Images on this workstation's engine.</summary>
public interface IImageOperations
{
    /// <summary>True when the engine has the image (by name:tag or id).</summary>
    Task<bool> ExistsAsync(string image, CancellationToken cancellationToken);
}
