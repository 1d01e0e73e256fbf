using System.Globalization;
using System.Text.Json;
using Portal.Engine.Templates;

namespace Portal.Components.Pages.Admin;

/// <summary>
/// The template dialog's fields as an admin types them: the command one argument per line (or a JSON array, for
/// arguments that hold line breaks), variables as <c>KEY=VALUE</c> lines, ports separated by commas or spaces.
/// Only the shape is checked here; the rules (allowed images, reserved variables, limits) are the service's.
/// </summary>
public sealed class TemplateForm
{
    private static readonly char[] PortSeparators = [',', ' ', ';', '\n', '\r', '\t'];

    public string Name { get; set; } = string.Empty;

    public string? Description { get; set; }

    public string Image { get; set; } = string.Empty;

    public string? Command { get; set; }

    public string? Env { get; set; }

    public string? Ports { get; set; }

    public int Gpus { get; set; }

    public double? Cpus { get; set; }

    public int? MemoryMiB { get; set; }

    public int? ShmSizeMiB { get; set; }

    public bool Workspace { get; set; }

    /// <summary>The fields of an existing template, written the way the dialog reads them back.</summary>
    public static TemplateForm From(TemplateView template) => new()
    {
        Name = template.Name,
        Description = template.Description,
        Image = template.Image,
        // An argument with a line break cannot be one line; then the whole command is shown as JSON.
        Command = template.Command.Any(a => a.Contains('\n', StringComparison.Ordinal) || a.Length == 0 || a.StartsWith('['))
            ? JsonSerializer.Serialize(template.Command)
            : string.Join('\n', template.Command),
        Env = string.Join('\n', template.Env.Select(e => $"{e.Key}={e.Value}")),
        Ports = string.Join(", ", template.Ports),
        Gpus = template.Gpus,
        Cpus = template.Cpus,
        MemoryMiB = template.MemoryMiB,
        ShmSizeMiB = template.ShmSizeMiB,
        Workspace = template.Workspace,
    };

    /// <summary>The input for the template service, or the fields that could not be read (keyed like the API's).</summary>
    public (TemplateInput? Input, IReadOnlyDictionary<string, string[]> Errors) ToInput()
    {
        var errors = new Dictionary<string, string[]>();
        var command = ParseCommand(Command, errors);
        var env = ParseEnv(Env, errors);
        var ports = ParsePorts(Ports, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new TemplateInput(Name, Description, Image, command, env, ports, Gpus, Cpus, MemoryMiB, ShmSizeMiB, Workspace), errors);
    }

    private static List<string> ParseCommand(string? text, Dictionary<string, string[]> errors)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return [];
        }

        if (trimmed.StartsWith('['))
        {
            try
            {
                var arguments = JsonSerializer.Deserialize<List<string>>(trimmed);
                if (arguments is not null && arguments.All(a => a is not null))
                {
                    return arguments;
                }
            }
            catch (JsonException)
            {
                // Reported below.
            }

            errors["command"] = ["A command starting with '[' is read as a JSON array of strings, like [\"python\", \"train.py\"]."];
            return [];
        }

        // One argument per line, as in a Dockerfile's exec form; blank lines are layout, not arguments.
        return trimmed.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
    }

    private static Dictionary<string, string> ParseEnv(string? text, Dictionary<string, string[]> errors)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        var lines = (text ?? string.Empty).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problems.Add($"Line {i + 1}: write KEY=VALUE.");
                continue;
            }

            var key = line[..equals].Trim();
            if (!env.TryAdd(key, line[(equals + 1)..]))
            {
                problems.Add($"Line {i + 1}: {key} is set twice.");
            }
        }

        if (problems.Count > 0)
        {
            errors["env"] = [.. problems];
        }

        return env;
    }

    private static List<int> ParsePorts(string? text, Dictionary<string, string[]> errors)
    {
        var ports = new List<int>();
        foreach (var part in (text ?? string.Empty).Split(PortSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                ports.Add(port);
            }
            else
            {
                errors["ports"] = [$"'{part}' is not a port number; separate ports with commas, like 8888, 6006."];
                return [];
            }
        }

        return ports;
    }
}
