namespace Portal.E2E.Infrastructure;

/// <summary>What the docker CLI says about the engine the portal talks to.</summary>
internal static class DockerEngine
{
    /// <summary><c>docker version --format '{{.Server.Version}}'</c>.</summary>
    public static async Task<string> GetServerVersionAsync()
    {
        var result = await ProcessRunner.RunAsync("docker", ["version", "--format", "{{.Server.Version}}"], RepositoryLayout.Root, TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"The Docker engine does not answer ('{result.CommandLine}' exited with {result.ExitCode}); start it with scripts/start-docker.sh.\n{result.Output}");
        }

        return result.Output.Trim();
    }
}
