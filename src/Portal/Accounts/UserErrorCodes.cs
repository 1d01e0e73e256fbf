namespace Portal.Accounts;

/// <summary>Stable error codes, the <c>code</c> member of the API's problem details.</summary>
public static class UserErrorCodes
{
    public const string InvalidRequest = "invalid-request";
    public const string NameTaken = "name-taken";
    public const string NotFound = "not-found";
    public const string LastAdmin = "last-admin";
}
