namespace Portal.Engine.Tests.Gpus;

/// <summary>
/// A shell script that stands in for nvidia-smi, so the monitor runs a real process: arguments, exit codes, stdout and
/// timeouts all go through the operating system. The body can use <c>$DIR</c>, the script's own temp folder; every
/// call's arguments are appended to <c>$DIR/calls</c>.
/// </summary>
internal sealed class FakeNvidiaSmi : IDisposable
{
    private readonly TempFolder _folder = new();

    public FakeNvidiaSmi(string body)
    {
        Path = _folder.File("nvidia-smi");
        System.IO.File.WriteAllText(Path, $"#!/bin/sh\nDIR={Quote(_folder.Path)}\necho \"$*\" >> \"$DIR/calls\"\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Path { get; }

    /// <summary>A path in the script's folder, where the script can find <c>$DIR/<paramref name="name"/></c>.</summary>
    public string File(string name) => _folder.File(name);

    /// <summary>The arguments of each call so far, one line per call.</summary>
    public IReadOnlyList<string> Calls() => System.IO.File.Exists(File("calls")) ? System.IO.File.ReadAllLines(File("calls")) : [];

    /// <summary>Quotes a path for <c>sh</c>.</summary>
    public static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public void Dispose() => _folder.Dispose();
}
