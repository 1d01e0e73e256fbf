using System.Security.Cryptography;

namespace Portal.Configuration;

/// <summary>The password policy, and generation of strong passwords for the bootstrap admin and resets.</summary>
public static class PasswordRules
{
    public const int MinimumLength = 10;

    // No look-alike characters (0/O, 1/l/I), so a printed password can be typed.
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>A random password of 20 characters (about 117 bits), with at least one digit, upper and lower case letter.</summary>
    public static string Generate()
    {
        while (true)
        {
            var password = RandomNumberGenerator.GetString(Alphabet, 20);
            if (password.Any(char.IsDigit) && password.Any(char.IsUpper) && password.Any(char.IsLower))
            {
                return password;
            }
        }
    }
}
