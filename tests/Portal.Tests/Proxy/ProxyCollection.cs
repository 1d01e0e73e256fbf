namespace Portal.Tests.Proxy;

/// <summary>The proxy tests share one portal and its containers (a Jupyter takes seconds to start).</summary>
[CollectionDefinition(Name)]
public sealed class ProxyCollection : ICollectionFixture<ProxyFixture>
{
    public const string Name = "Proxy";
}
