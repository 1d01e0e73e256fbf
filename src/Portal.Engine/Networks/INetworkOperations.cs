namespace Portal.Engine.Networks;

/// <summary>Per-user bridge networks: one member's containers cannot reach another member's over the network.</summary>
public interface INetworkOperations
{
    /// <summary>The network name of a user's containers.</summary>
    string NetworkNameFor(string owner);

    /// <summary>Creates the user's network when missing. Returns its name and whether this call created it.</summary>
    Task<(string Name, bool Created)> EnsureUserNetworkAsync(string owner, IReadOnlyDictionary<string, string> extraLabels, CancellationToken cancellationToken);

    /// <summary>Removes the network when no container is attached. Returns whether it was removed.</summary>
    Task<bool> RemoveIfUnusedAsync(string name, CancellationToken cancellationToken);
}
