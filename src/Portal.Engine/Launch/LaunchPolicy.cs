using System.Text.RegularExpressions;
using Portal.Engine.Quotas;

namespace Portal.Engine.Launch;

/// <summary>
/// The launch policy. The Docker socket is root on the host, so this is security: a request becomes a
/// <see cref="LaunchPlan"/> only when every rule passes, and nothing else reaches Docker. Pure logic.
/// </summary>
public static partial class LaunchPolicy
{
    public const int MaxNameLength = 40;

    /// <summary>Checks a request against the policy and the user's per-container limits.</summary>
    /// <param name="owner">Who launches.</param>
    /// <param name="request">What they ask for.</param>
    /// <param name="limits">Their quota.</param>
    /// <param name="options">The launch settings.</param>
    /// <param name="hostCpuCount">The engine host's CPUs (0 when unknown): Docker refuses more.</param>
    /// <param name="hostMemoryMiB">The engine host's memory (0 when unknown): a default limit never exceeds it.</param>
    public static LaunchPolicyResult Evaluate(string owner, LaunchRequest request, QuotaLimits limits, LaunchOptions options, int hostCpuCount = 0, long hostMemoryMiB = 0)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            Add("name", "A name is required.");
        }
        else if (name.Length > MaxNameLength || !NamePattern().IsMatch(name))
        {
            Add("name", $"Use up to {MaxNameLength} letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }

        var image = ImageReference.Normalize(request.Image);
        if (string.IsNullOrWhiteSpace(request.Image))
        {
            Add("image", "An image is required.");
        }
        else if (image is null)
        {
            Add("image", $"'{request.Image}' is not an image name (like portal/python:latest or localhost:5000/alice/train:v1).");
        }

        var command = request.Command ?? [];
        if (command.Count > 256 || command.Any(a => a is null || a.Length > 8192 || a.Contains('\0', StringComparison.Ordinal)))
        {
            Add("command", "The command has at most 256 arguments of at most 8192 characters, without NUL characters.");
        }

        var env = request.Env ?? new Dictionary<string, string>();
        var gpuVariables = new List<string>();
        foreach (var (key, value) in env)
        {
            if (!EnvNamePattern().IsMatch(key ?? string.Empty))
            {
                Add("env", $"'{key}' is not a variable name (letters, digits and '_', not starting with a digit).");
            }
            else if (IsGpuVisibilityVariable(key!))
            {
                gpuVariables.Add(key!);
            }

            if (value is null || value.Length > 32768 || value.Contains('\0', StringComparison.Ordinal))
            {
                Add("env", $"The value of '{key}' is missing, too long or has NUL characters.");
            }
        }

        if (env.Count > 200)
        {
            Add("env", "At most 200 variables.");
        }

        if (request.Gpus < 0)
        {
            Add("gpus", "The GPU count cannot be negative.");
        }

        if (request.Cpus is <= 0 or double.NaN)
        {
            Add("cpus", "CPUs must be a positive number, such as 0.5 or 4.");
        }
        else if (hostCpuCount > 0 && request.Cpus > hostCpuCount)
        {
            Add("cpus", $"This workstation has {hostCpuCount} CPUs; ask for at most that.");
        }

        if (request.MemoryMiB is < 6)
        {
            Add("memoryMiB", "Memory must be at least 6 MiB (Docker's minimum).");
        }

        if (request.ShmSizeMiB is < 1)
        {
            Add("shmSizeMiB", "Shared memory must be at least 1 MiB.");
        }

        var ports = request.Ports ?? [];
        if (ports.Any(p => p is < 1 or > 65535))
        {
            Add("ports", "Ports are numbers from 1 to 65535.");
        }
        else if (ports.Distinct().Count() != ports.Count)
        {
            Add("ports", "Each port once.");
        }
        else if (ports.Count > options.MaxPortsPerContainer)
        {
            Add("ports", $"At most {options.MaxPortsPerContainer} ports.");
        }

        if (errors.Count > 0)
        {
            return LaunchPolicyResult.Refused(LaunchError.Invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray())));
        }

        if (gpuVariables.Count > 0)
        {
            return LaunchPolicyResult.Refused(new LaunchError(
                LaunchErrorCodes.PolicyViolation,
                $"{string.Join(", ", gpuVariables)} cannot be set: the portal decides which GPUs a container sees. Ask for a GPU count instead.",
                new Dictionary<string, string[]> { ["env"] = [.. gpuVariables.Select(v => $"'{v}' is reserved for the portal.")] }));
        }

        if (!options.AllowedImages.Any(pattern => ImageReference.Matches(image!, pattern)))
        {
            return LaunchPolicyResult.Refused(new LaunchError(
                LaunchErrorCodes.ImageNotAllowed,
                $"The image '{image}' is not on the lab's allow-list ({string.Join(", ", options.AllowedImages)}). Push it to the lab registry, or ask an admin to allow it."));
        }

        var cpus = request.Cpus ?? (hostCpuCount > 0 ? Math.Min(limits.MaxCpusPerContainer, hostCpuCount) : limits.MaxCpusPerContainer);
        var memory = request.MemoryMiB ?? (int)(hostMemoryMiB > 0 ? Math.Min(limits.MaxMemoryMiBPerContainer, hostMemoryMiB) : limits.MaxMemoryMiBPerContainer);
        var shm = request.ShmSizeMiB ?? Math.Min(options.DefaultShmSizeMiB, limits.MaxShmMiBPerContainer);
        var over = new List<string>();
        if (request.Gpus > limits.MaxGpus)
        {
            over.Add($"{request.Gpus} GPUs asked, your limit is {limits.MaxGpus} at once");
        }

        if (cpus > limits.MaxCpusPerContainer)
        {
            over.Add($"{cpus} CPUs asked, your limit is {limits.MaxCpusPerContainer} per container");
        }

        if (memory > limits.MaxMemoryMiBPerContainer)
        {
            over.Add($"{memory} MiB of memory asked, your limit is {limits.MaxMemoryMiBPerContainer} MiB per container");
        }

        if (shm > limits.MaxShmMiBPerContainer)
        {
            over.Add($"{shm} MiB of shared memory asked, your limit is {limits.MaxShmMiBPerContainer} MiB per container");
        }

        if (over.Count > 0)
        {
            return LaunchPolicyResult.Refused(new LaunchError(
                LaunchErrorCodes.QuotaExceeded,
                "Over your quota: " + string.Join("; ", over) + ". Ask an admin to raise it."));
        }

        return LaunchPolicyResult.Allowed(new LaunchPlan(
            owner, name!, image!, command, new Dictionary<string, string>(env), request.Gpus, cpus, memory, shm, ports, request.Workspace, request.AutoRemove));
    }

    /// <summary>NVIDIA_* and CUDA_VISIBLE_DEVICES: setting them is the known way to grab every GPU.</summary>
    public static bool IsGpuVisibilityVariable(string name) =>
        name.StartsWith("NVIDIA_", StringComparison.OrdinalIgnoreCase)
        || name.Equals("CUDA_VISIBLE_DEVICES", StringComparison.OrdinalIgnoreCase)
        || name.Equals("GPU_DEVICE_ORDINAL", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvNamePattern();
}
