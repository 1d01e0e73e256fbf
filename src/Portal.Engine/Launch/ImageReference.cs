using System.Text.RegularExpressions;

namespace Portal.Engine.Launch;

/// <summary>Image names as Docker reads them, normalised so allow-list patterns see one spelling.</summary>
public static partial class ImageReference
{
    /// <summary>Returns the name with <c>:latest</c> added when it has neither tag nor digest, or null when it is not an image name.</summary>
    public static string? Normalize(string? image)
    {
        if (string.IsNullOrWhiteSpace(image) || image.Length > 300)
        {
            return null;
        }

        image = image.Trim();
        if (!Pattern().IsMatch(image))
        {
            return null;
        }

        if (image.Contains('@', StringComparison.Ordinal))
        {
            return image;
        }

        var lastSlash = image.LastIndexOf('/');
        return image.IndexOf(':', lastSlash + 1) >= 0 ? image : image + ":latest";
    }

    /// <summary>True when the image matches a pattern in which <c>*</c> stands for any characters.</summary>
    public static bool Matches(string normalizedImage, string pattern)
    {
        pattern = pattern.Trim();
        // A pattern without wildcards names one image; spell it the way images are normalised.
        if (!pattern.Contains('*', StringComparison.Ordinal) && !pattern.Contains('?', StringComparison.Ordinal))
        {
            return string.Equals(Normalize(pattern) ?? pattern, normalizedImage, StringComparison.Ordinal);
        }

        var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(normalizedImage, regex, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }

    // [registry[:port]/]path[:tag][@digest], lower-case path components as Docker requires; a registry host starts
    // and ends with a letter or digit (else "-x/y" would pass, and read as an option in the rendered docker run).
    [GeneratedRegex(@"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]+)?/)?[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$")]
    private static partial Regex Pattern();
}
