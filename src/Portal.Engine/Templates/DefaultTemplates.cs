using Portal.Engine.Proxy;

namespace Portal.Engine.Templates;

/// <summary>The templates a new portal starts with.</summary>
public static class DefaultTemplates
{
    public const string JupyterName = "Jupyter notebook";

    public const string NotebookImage = "portal/notebook:latest";

    public const int JupyterPort = 8888;

    /// <summary>
    /// Jupyter Notebook served under its proxy path. The container id is not known before creation, but Docker sets the
    /// host name to the short id, which is exactly the proxy's path segment. The token comes from the portal
    /// (<see cref="ProxyToken.EnvironmentVariable"/>); without it the notebook refuses to start rather than run open.
    /// </summary>
    public static TemplateInput Jupyter { get; } = new(
        JupyterName,
        "Jupyter Notebook with numpy, in your workspace. Open it from the container page: the portal signs you in, no token to copy.",
        NotebookImage,
        [
            "sh",
            "-c",
            "cd /workspace 2>/dev/null || cd; exec python3 -m notebook --ip=0.0.0.0 --port=" + JupyterPort + " --no-browser --allow-root " +
            "--NotebookApp.base_url=\"/$(hostname)/" + JupyterPort + "/\" " +
            "--NotebookApp.token=\"${" + ProxyToken.EnvironmentVariable + ":?publish port " + JupyterPort + " so that the portal gives the notebook a token}\"",
        ],
        Env: null,
        Ports: [JupyterPort],
        Gpus: 0,
        Cpus: null,
        MemoryMiB: null,
        ShmSizeMiB: null,
        Workspace: true);

    public static IReadOnlyList<TemplateInput> All { get; } = [Jupyter];
}
