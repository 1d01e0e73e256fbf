namespace Portal.Engine.Tests.Gpus;

/// <summary>Paths and contents of the real nvidia-smi captures under <c>Fixtures/nvidia-smi</c>, copied to the test output.</summary>
internal static class NvidiaSmiFixtures
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "nvidia-smi");

    public static string XmlPath(string name) => Path.Combine(Directory, "xml", name);

    public static string Xml(string name) => File.ReadAllText(XmlPath(name));

    public static string List(string name) => File.ReadAllText(Path.Combine(Directory, "list", name));

    public static IEnumerable<string> XmlNames() =>
        System.IO.Directory.EnumerateFiles(Path.Combine(Directory, "xml"), "*.xml").Select(path => Path.GetFileName(path));
}
