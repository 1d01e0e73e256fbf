using Microsoft.AspNetCore.DataProtection;

namespace Portal.Engine.Registries;

/// <summary>Encrypts registry passwords at rest with ASP.NET Core Data Protection (the portal's key ring).</summary>
public sealed class RegistryPasswordProtector(IDataProtectionProvider provider)
{
    // A purpose of its own: ciphertext from another feature of the portal cannot be replayed as a password.
    private readonly IDataProtector _protector = provider.CreateProtector("Portal.Registries.Password.v1");

    public string Protect(string password) => _protector.Protect(password);

    /// <summary>The password, or null when the key that protected it is gone (the admin must enter it again).</summary>
    public string? TryUnprotect(string protectedPassword)
    {
        try
        {
            return _protector.Unprotect(protectedPassword);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
