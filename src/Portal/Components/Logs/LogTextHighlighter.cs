namespace Portal.Components.Logs;

/// <summary>Cuts a line's styled segments where a search matches, so the matches can be marked without losing colours.</summary>
public static class LogTextHighlighter
{
    /// <summary>
    /// The segments as runs, split at every match of <paramref name="search"/> in the visible text (ordinal, ignoring
    /// case, as the server's search); a match may span segments of different styles. No search: one run per segment.
    /// </summary>
    public static IReadOnlyList<LogTextRun> Highlight(IReadOnlyList<AnsiSegment> segments, string? search)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var matches = string.IsNullOrEmpty(search) ? [] : FindMatches(segments, search);
        var runs = new List<LogTextRun>(segments.Count + (2 * matches.Count));
        var offset = 0;
        var match = 0;
        foreach (var segment in segments)
        {
            var start = 0;
            while (start < segment.Text.Length)
            {
                var at = offset + start;
                while (match < matches.Count && matches[match].End <= at)
                {
                    match++;
                }

                // Up to the next boundary: the end of the current match, the start of the next, or the segment's end.
                int end;
                bool isMatch;
                if (match < matches.Count && matches[match].Start <= at)
                {
                    (end, isMatch) = (Math.Min(matches[match].End - offset, segment.Text.Length), true);
                }
                else
                {
                    (end, isMatch) = (match < matches.Count ? Math.Min(matches[match].Start - offset, segment.Text.Length) : segment.Text.Length, false);
                }

                runs.Add(new LogTextRun(segment.Text[start..end], segment.Style, isMatch));
                start = end;
            }

            offset += segment.Text.Length;
        }

        return runs;
    }

    // Non-overlapping matches in the concatenated text; ordinal case-insensitive matches have the search's length.
    private static List<(int Start, int End)> FindMatches(IReadOnlyList<AnsiSegment> segments, string search)
    {
        var text = segments.Count == 1 ? segments[0].Text : string.Concat(segments.Select(s => s.Text));
        var matches = new List<(int Start, int End)>();
        for (var at = text.IndexOf(search, StringComparison.OrdinalIgnoreCase); at >= 0;
             at = text.IndexOf(search, at + search.Length, StringComparison.OrdinalIgnoreCase))
        {
            matches.Add((at, at + search.Length));
        }

        return matches;
    }
}
