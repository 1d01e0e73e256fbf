namespace Portal.Accounts;

/// <summary>Names of the portal's authentication schemes and policies.</summary>
public static class PortalAuthentication
{
    /// <summary>Picks the API-token scheme for requests that carry a token (<c>Authorization: Bearer</c>, or <c>?access_token=</c> on hubs) and the cookie otherwise.</summary>
    public const string SelectorScheme = "Portal";

    public const string ApiTokenScheme = "PortalToken";

    public const string AdminPolicy = "Admin";

    /// <summary>The login provider name under which organisational (Entra ID) sign-ins are linked.</summary>
    public const string OrganisationalProvider = "AzureAd";
}
