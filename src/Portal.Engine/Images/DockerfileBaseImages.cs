using System.Text;

namespace Portal.Engine.Images;

/// <summary>
/// The images a Dockerfile would make the classic builder fetch: each <c>FROM</c> and each <c>COPY --from=</c> that
/// names neither <c>scratch</c> nor an earlier stage. Members' builds are checked against the allow-list with these
/// before the engine sees the file, because the builder pulls a missing base image with every stored credential.
/// Pure logic.
/// </summary>
public static class DockerfileBaseImages
{
    public static IReadOnlyList<DockerfileBaseImage> Parse(string dockerfile)
    {
        ArgumentNullException.ThrowIfNull(dockerfile);
        var found = new List<DockerfileBaseImage>();
        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var stageCount = 0;
        foreach (var (lineNumber, instruction) in Instructions(dockerfile))
        {
            var words = instruction.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }

            var keyword = words[0].ToUpperInvariant();
            if (keyword == "FROM")
            {
                // FROM [--platform=<p>] <image> [AS <name>]
                var rest = words.Skip(1).SkipWhile(w => w.StartsWith("--", StringComparison.Ordinal)).ToList();
                if (rest.Count == 0)
                {
                    continue;
                }

                var image = rest[0];
                if (!IsScratchOrStage(image, stages, stageCount))
                {
                    found.Add(new DockerfileBaseImage(image, lineNumber, instruction));
                }

                if (rest.Count >= 3 && rest[1].Equals("AS", StringComparison.OrdinalIgnoreCase))
                {
                    stages.Add(rest[2]);
                }

                stageCount++;
            }
            else if (keyword == "COPY")
            {
                foreach (var flag in words.Skip(1).TakeWhile(w => w.StartsWith("--", StringComparison.Ordinal)))
                {
                    if (flag.StartsWith("--from=", StringComparison.OrdinalIgnoreCase) && flag["--from=".Length..] is { Length: > 0 } source
                        && !IsScratchOrStage(source, stages, stageCount))
                    {
                        found.Add(new DockerfileBaseImage(source, lineNumber, instruction));
                    }
                }
            }
        }

        return found;
    }

    private static bool IsScratchOrStage(string image, HashSet<string> stages, int stageCount) =>
        image.Equals("scratch", StringComparison.OrdinalIgnoreCase)
        || stages.Contains(image)
        || (int.TryParse(image, out var index) && index >= 0 && index < stageCount);

    /// <summary>Logical instructions with the line each starts on: comments and blank lines dropped, continuations joined.</summary>
    private static IEnumerable<(int LineNumber, string Instruction)> Instructions(string dockerfile)
    {
        var lines = dockerfile.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var escape = EscapeCharacter(lines);
        var current = new StringBuilder();
        var start = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith('#') || (line.Length == 0 && current.Length == 0))
            {
                continue;
            }

            if (current.Length == 0)
            {
                start = i + 1;
            }

            var continues = line.Length > 0 && line[^1] == escape;
            current.Append(continues ? line[..^1] : line).Append(' ');
            if (!continues)
            {
                yield return (start, current.ToString().Trim());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            yield return (start, current.ToString().Trim());
        }
    }

    /// <summary>The <c># escape=`</c> parser directive (only at the top of the file) changes the continuation character.</summary>
    private static char EscapeCharacter(string[] lines)
    {
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (!line.StartsWith('#'))
            {
                break;
            }

            var directive = line[1..].Replace(" ", string.Empty, StringComparison.Ordinal);
            if (directive.StartsWith("escape=", StringComparison.OrdinalIgnoreCase) && directive.Length == "escape=".Length + 1)
            {
                return directive[^1];
            }
        }

        return '\\';
    }
}
