namespace Portal.Engine.Tests.Gpus;

/// <summary>A fresh folder under the temp directory, deleted on dispose, so no test sees another's files.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("portal-gpus-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
