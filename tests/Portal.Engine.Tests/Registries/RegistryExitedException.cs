namespace Portal.Engine.Tests.Registries;

/// <summary>A test registry process ended before it answered (most often: its port was taken meanwhile).</summary>
internal sealed class RegistryExitedException(string message) : InvalidOperationException(message);
