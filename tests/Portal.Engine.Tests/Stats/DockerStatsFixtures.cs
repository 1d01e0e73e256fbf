using System.Text.Json;
using Docker.DotNet.Models;

namespace Portal.Engine.Tests.Stats;

/// <summary>The Docker stats frames under <c>Fixtures/docker-stats</c> (see SOURCES.md there), read as the client library models them.</summary>
internal static class DockerStatsFixtures
{
    public const string V1Stream = "cgroup-v1_20.10.24_stream.jsonl";

    public const string V1Stopped = "cgroup-v1_20.10.24_stopped.json";

    public const string V1WithBlockIo = "cgroup-v1_blkio-edited.json";

    public const string V2 = "cgroup-v2_documented-shape.json";

    public const string Top = "docker-top_20.10.24.json";

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "docker-stats", name);

    public static ContainerStatsResponse Frame(string name) => Parse<ContainerStatsResponse>(File.ReadAllText(PathOf(name)));

    public static IReadOnlyList<ContainerStatsResponse> Frames(string name) =>
        File.ReadAllLines(PathOf(name)).Where(line => line.Length > 0).Select(Parse<ContainerStatsResponse>).ToList();

    public static T Parse<T>(string json) => JsonSerializer.Deserialize<T>(json) ?? throw new InvalidOperationException("empty fixture");
}
