namespace Portal.Engine.Registries;

/// <summary>
/// Tags in the order people look for them: <c>latest</c> first, then version-like tags newest first (numbers compared
/// as numbers, so 1.10 comes before 1.9), then the rest alphabetically.
/// </summary>
public sealed class TagOrder : IComparer<string>
{
    public static TagOrder Instance { get; } = new();

    public static IReadOnlyList<string> Sort(IEnumerable<string> tags) => tags.Order(Instance).ToList();

    public int Compare(string? x, string? y)
    {
        if (string.Equals(x, y, StringComparison.Ordinal))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? 1 : -1;
        }

        var byRank = Rank(x).CompareTo(Rank(y));
        if (byRank != 0)
        {
            return byRank;
        }

        return Rank(x) == 1 ? -CompareNatural(x, y) : string.CompareOrdinal(x, y);
    }

    /// <summary>0 for latest, 1 for tags that start with a version number (optionally after a <c>v</c>), 2 for others.</summary>
    private static int Rank(string tag)
    {
        if (tag == "latest")
        {
            return 0;
        }

        var start = tag.Length > 1 && (tag[0] == 'v' || tag[0] == 'V') ? 1 : 0;
        return start < tag.Length && char.IsAsciiDigit(tag[start]) ? 1 : 2;
    }

    /// <summary>Compares runs of digits by value and everything else by character; a release sorts above its pre-releases.</summary>
    private static int CompareNatural(string x, string y)
    {
        int i = x.Length > 0 && char.IsAsciiLetter(x[0]) ? 1 : 0, j = y.Length > 0 && char.IsAsciiLetter(y[0]) ? 1 : 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var startX = i;
                var startY = j;
                while (i < x.Length && char.IsAsciiDigit(x[i]))
                {
                    i++;
                }

                while (j < y.Length && char.IsAsciiDigit(y[j]))
                {
                    j++;
                }

                var byValue = CompareDigits(x[startX..i].TrimStart('0'), y[startY..j].TrimStart('0'));
                if (byValue != 0)
                {
                    return byValue;
                }

                continue;
            }

            if (x[i] != y[j])
            {
                return x[i].CompareTo(y[j]);
            }

            i++;
            j++;
        }

        var restX = x.Length - i;
        var restY = y.Length - j;
        if (restX == 0 || restY == 0)
        {
            // "1.2" against "1.2-rc1": the shorter is the release and newer; "1.2" against "1.2.1": the longer is newer.
            var rest = restX == 0 ? y[j] : x[i];
            var longerIsNewer = rest == '.' || char.IsAsciiDigit(rest);
            return restX == restY ? 0 : (restX == 0) == longerIsNewer ? -1 : 1;
        }

        return 0;
    }

    private static int CompareDigits(string a, string b) =>
        a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
}
