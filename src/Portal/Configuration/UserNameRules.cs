using System.Text.RegularExpressions;

namespace Portal.Configuration;

/// <summary>
/// User names appear in Docker object names, labels and registry namespaces, so they are restricted to what all
/// of those accept: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit.
/// </summary>
public static partial class UserNameRules
{
    public const int MaximumLength = 32;

    public const string AllowedCharacters = "abcdefghijklmnopqrstuvwxyz0123456789._-";

    public const string Description = "2 to 32 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";

    public static bool IsValid(string? userName) => userName is not null && Pattern().IsMatch(userName);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,31}$")]
    private static partial Regex Pattern();
}
