using System.Globalization;
using System.Text;
using Portal.Engine.Launch;
using Portal.Engine.Templates;

namespace Portal.Components.Containers;

/// <summary>
/// What the Launch page's form holds, as people type it (one argument per line, KEY=VALUE lines, a comma list of
/// ports), and how it becomes a <see cref="LaunchRequest"/>. Field keys match the API's field errors.
/// </summary>
public sealed class LaunchForm
{
    public string Name { get; set; } = string.Empty;

    public string Image { get; set; } = string.Empty;

    /// <summary>One argument per line; empty for the image's own command.</summary>
    public string Command { get; set; } = string.Empty;

    /// <summary><c>KEY=VALUE</c>, one per line.</summary>
    public string Env { get; set; } = string.Empty;

    public int Gpus { get; set; }

    public double? Cpus { get; set; }

    public int? MemoryMiB { get; set; }

    public int? ShmSizeMiB { get; set; }

    /// <summary>Container ports, comma- or space-separated.</summary>
    public string Ports { get; set; } = string.Empty;

    public bool Workspace { get; set; }

    public bool AutoRemove { get; set; }

    /// <summary>
    /// The request the form describes, and what cannot be read (by field). <paramref name="placeholderName"/> stands
    /// in for an empty name, so a preview can show the command before the member named the container.
    /// </summary>
    public (LaunchRequest Request, IReadOnlyDictionary<string, string> Errors) ToRequest(string? placeholderName = null)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (line, number) in Lines(Env))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                errors.TryAdd("env", $"Line {number}: write KEY=VALUE.");
                continue;
            }

            env[line[..equals].Trim()] = line[(equals + 1)..];
        }

        var ports = new List<int>();
        foreach (var part in Ports.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                ports.Add(port);
            }
            else
            {
                errors.TryAdd("ports", $"'{part}' is not a port number.");
            }
        }

        var name = Name.Trim();
        var request = new LaunchRequest
        {
            Name = name.Length == 0 ? placeholderName : name,
            Image = Image.Trim(),
            Command = Lines(Command).Select(l => l.Line).ToList(),
            Env = env,
            Gpus = Gpus,
            Cpus = Cpus,
            MemoryMiB = MemoryMiB,
            ShmSizeMiB = ShmSizeMiB,
            Ports = ports,
            Workspace = Workspace,
            AutoRemove = AutoRemove,
        };
        return (request, errors);
    }

    /// <summary>Fills the form from a template; a name the member already typed is kept.</summary>
    public void Apply(TemplateView template, int defaultShmSizeMiB)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            Name = Slug(template.Name);
        }

        Image = template.Image;
        Command = string.Join('\n', template.Command);
        Env = string.Join('\n', template.Env.Select(e => $"{e.Key}={e.Value}"));
        Gpus = template.Gpus;
        Cpus = template.Cpus;
        MemoryMiB = template.MemoryMiB;
        ShmSizeMiB = template.ShmSizeMiB ?? defaultShmSizeMiB;
        Ports = string.Join(", ", template.Ports);
        Workspace = template.Workspace;
    }

    /// <summary>A container name made from a template's name: lower case, letters, digits, '.', '_' and '-'.</summary>
    public static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '_')
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var result = slug.ToString().Trim('-', '.', '_');
        return result.Length > LaunchPolicy.MaxNameLength ? result[..LaunchPolicy.MaxNameLength].TrimEnd('-', '.', '_') : result;
    }

    private static IEnumerable<(string Line, int Number)> Lines(string text) =>
        text.Split('\n')
            .Select((line, index) => (Line: line.TrimEnd('\r'), Number: index + 1))
            .Where(l => l.Line.Trim().Length > 0);
}
