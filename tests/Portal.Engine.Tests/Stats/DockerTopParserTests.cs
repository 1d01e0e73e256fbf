using Docker.DotNet.Models;
using Portal.Engine.Stats;

namespace Portal.Engine.Tests.Stats;

public sealed class DockerTopParserTests
{
    [Fact]
    public void HostPids_RecordedDockerTop_ReadsThePidColumn()
    {
        var top = DockerStatsFixtures.Parse<ContainerProcessesResponse>(File.ReadAllText(DockerStatsFixtures.PathOf(DockerStatsFixtures.Top)));

        var pids = DockerTopParser.HostPids(top.Titles, top.Processes);

        Assert.Equal([7972, 8000], pids.Order());
    }

    [Fact]
    public void HostPids_NoPidColumnOrGarbage_SkipsThem()
    {
        Assert.Empty(DockerTopParser.HostPids(["USER", "CMD"], [["root", "sh"]]));
        Assert.Empty(DockerTopParser.HostPids(null, null));
        Assert.Equal([12], DockerTopParser.HostPids(["PID", "CMD"], [["12", "sh"], ["x", "y"], []]));
    }
}
