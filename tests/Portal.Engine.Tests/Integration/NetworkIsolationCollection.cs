namespace Portal.Engine.Tests.Integration;

/// <summary>
/// Isolation tests run after the parallel ones, one at a time: any network another test creates or removes makes
/// Docker 20.10 delete and re-insert its FORWARD jumps, and two such moments overlapping would be another test's
/// doing, not the portal's. The churn the tests want, they make themselves.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NetworkIsolationCollection
{
    public const string Name = "Network isolation";
}
