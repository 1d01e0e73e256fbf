using System.Text;

namespace Portal.Components.Containers;

/// <summary>Lays out a one-line <c>docker run</c> for reading: one option per line, joined by shell line continuations.</summary>
public static class DockerRunText
{
    private const string Continuation = " \\\n    ";

    /// <summary>
    /// Breaks the line before each option (a word starting with '-' outside single quotes) and, when the image is
    /// given, before the image, which keeps the container's command on its line. The result pastes into a shell as
    /// the same command.
    /// </summary>
    /// <param name="dockerRun">The command on one line.</param>
    /// <param name="image">The (normalized) image the command runs; null to break before every option-like word.</param>
    public static string Format(string dockerRun, string? image = null)
    {
        var imageAt = FindImage(dockerRun, image);
        if (imageAt < 0)
        {
            return BreakOptions(dockerRun);
        }

        return BreakOptions(dockerRun[..imageAt]) + Continuation + dockerRun[(imageAt + 1)..];
    }

    private static string BreakOptions(string text)
    {
        var result = new StringBuilder(text.Length + 64);
        var quoted = false;
        var optionsSeen = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\'')
            {
                quoted = !quoted;
            }

            // "docker run -d" stays on the first line.
            if (!quoted && c == ' ' && i + 1 < text.Length && text[i + 1] == '-' && optionsSeen++ > 0)
            {
                result.Append(Continuation);
                continue;
            }

            result.Append(c);
        }

        return result.ToString();
    }

    // The index of the space before the image word: the first whole, unquoted occurrence (option values are
    // KEY=VALUE pairs, names and paths, never a bare image reference).
    private static int FindImage(string dockerRun, string? image)
    {
        if (string.IsNullOrEmpty(image))
        {
            return -1;
        }

        var word = " " + image;
        for (var at = dockerRun.IndexOf(word, StringComparison.Ordinal); at >= 0; at = dockerRun.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            var end = at + word.Length;
            var whole = end == dockerRun.Length || dockerRun[end] == ' ';
            var quoted = dockerRun.AsSpan(0, at).Count('\'') % 2 == 1;
            if (whole && !quoted)
            {
                return at;
            }
        }

        return -1;
    }
}
