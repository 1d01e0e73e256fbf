using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Engine.Audit;

namespace Portal.Engine.Registries;

internal sealed partial class RegistryAdministration(
    IDbContextFactory<PortalDbContext> dbFactory,
    IRegistryDirectory directory,
    RegistryPasswordProtector protector,
    RegistryClient client,
    RegistryTokenCache tokens,
    IAuditLog audit,
    TimeProvider timeProvider,
    ILogger<RegistryAdministration> logger) : IRegistryAdministration
{
    public const int MaxUserNameLength = 200;

    public const int MaxPasswordLength = 4096;

    public async Task<RegistryResult<RegistryInfo>> AddAsync(string actor, RegistryInput input, CancellationToken cancellationToken)
    {
        const string action = "registry.add";
        var name = input.Name?.Trim() ?? string.Empty;
        var errors = Validate(input, out var url, out var userName);
        if (!RegistryUrl.IsValidName(name))
        {
            errors["name"] = ["Use 1 to 40 lower-case letters, digits and dashes (it appears in URLs)."];
        }

        var target = name.Length == 0 ? "(unnamed)" : name;
        if (errors.Count > 0)
        {
            return await RefuseAsync(actor, action, target, RegistryError.Invalid(errors)).ConfigureAwait(false);
        }

        if (await directory.FindByNameAsync(name, cancellationToken).ConfigureAwait(false) is not null)
        {
            return await RefuseAsync(actor, action, target, new RegistryError(RegistryErrorCodes.NameTaken, $"A registry named '{name}' exists already.")).ConfigureAwait(false);
        }

        if (await HostTakenAsync(url!, except: null, cancellationToken).ConfigureAwait(false) is { } other)
        {
            return await RefuseAsync(actor, action, target, HostTaken(url!, other)).ConfigureAwait(false);
        }

        var row = new RegistryConnection { Name = name, Url = url!, UpdatedBy = actor, UpdatedAt = timeProvider.GetUtcNow() };
        ApplyCredentials(row, userName, input.Password);
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        db.Registries.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (ex.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            // Another admin added the same name between the check and the write.
            return await RefuseAsync(actor, action, target, new RegistryError(RegistryErrorCodes.NameTaken, $"A registry named '{name}' exists already.")).ConfigureAwait(false);
        }

        return await SucceedAsync(actor, action, row).ConfigureAwait(false);
    }

    public async Task<RegistryResult<RegistryInfo>> UpdateAsync(string actor, string name, RegistryInput input, CancellationToken cancellationToken)
    {
        const string action = "registry.update";
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        var row = await db.Registries.SingleOrDefaultAsync(r => r.Name == name, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return await RefuseAsync(actor, action, name, RegistryError.UnknownRegistry(name)).ConfigureAwait(false);
        }

        var errors = Validate(input with { Url = input.Url ?? row.Url }, out var url, out var userName);
        if (row.IsLab && url is not null && url != row.Url)
        {
            errors["url"] = ["The lab registry's URL comes from the setting Registries:LabUrl; change it there."];
        }

        if (errors.Count > 0)
        {
            return await RefuseAsync(actor, action, name, RegistryError.Invalid(errors)).ConfigureAwait(false);
        }

        if (await HostTakenAsync(url!, except: name, cancellationToken).ConfigureAwait(false) is { } other)
        {
            return await RefuseAsync(actor, action, name, HostTaken(url!, other)).ConfigureAwait(false);
        }

        tokens.Forget(row.Url);
        row.Url = url!;
        ApplyCredentials(row, userName, input.Password);
        row.UpdatedBy = actor;
        row.UpdatedAt = timeProvider.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return await SucceedAsync(actor, action, row).ConfigureAwait(false);
    }

    public async Task<RegistryResult<RegistryInfo>> RemoveAsync(string actor, string name, CancellationToken cancellationToken)
    {
        const string action = "registry.remove";
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        var row = await db.Registries.SingleOrDefaultAsync(r => r.Name == name, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return await RefuseAsync(actor, action, name, RegistryError.UnknownRegistry(name)).ConfigureAwait(false);
        }

        if (row.IsLab)
        {
            return await RefuseAsync(actor, action, name, new RegistryError(
                RegistryErrorCodes.Forbidden, "The lab registry is configured by Registries:LabUrl and comes back at every start; it cannot be removed.")).ConfigureAwait(false);
        }

        db.Registries.Remove(row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        tokens.Forget(row.Url);
        return await SucceedAsync(actor, action, row).ConfigureAwait(false);
    }

    public async Task<RegistryResult<string>> TestConnectionAsync(string name, CancellationToken cancellationToken)
    {
        var access = await directory.FindByNameAsync(name, cancellationToken).ConfigureAwait(false);
        if (access is null)
        {
            return RegistryResult<string>.Failure(RegistryError.UnknownRegistry(name));
        }

        if (access.Registry.HasPassword && access.Password is null)
        {
            return RegistryResult<string>.Failure(new RegistryError(
                RegistryErrorCodes.Unauthorized, "The stored password can no longer be read (the portal's data-protection keys changed): enter it again."));
        }

        try
        {
            using var response = await client.SendAsync(access, HttpMethod.Get, "/v2/", string.Empty, null, cancellationToken).ConfigureAwait(false);
            await RegistryClient.EnsureSuccessAsync(access, response, $"{access.Registry.Url}/v2/ does not exist: is this a registry (API v2)?", cancellationToken).ConfigureAwait(false);
            var version = response.Headers.TryGetValues("Docker-Distribution-API-Version", out var values) ? values.FirstOrDefault() : null;
            var who = access.HasCredentials ? $" as '{access.Registry.UserName}'" : " anonymously";
            return RegistryResult<string>.Success($"{access.Registry.Url} answered{who} ({version ?? "no API version header"}).");
        }
        catch (RegistryException ex)
        {
            return RegistryResult<string>.Failure(ex.Error);
        }
    }

    /// <summary>Field errors for URL and credentials; the normalised URL and user name come out.</summary>
    private static Dictionary<string, string[]> Validate(RegistryInput input, out string? url, out string? userName)
    {
        var errors = new Dictionary<string, string[]>();
        url = RegistryUrl.Normalize(input.Url);
        if (url is null)
        {
            errors["url"] = ["Enter http(s)://host[:port] without a path, e.g. https://harbor.lab.example or http://127.0.0.1:5000."];
        }

        userName = string.IsNullOrWhiteSpace(input.UserName) ? null : input.UserName.Trim();
        if (userName is { Length: > MaxUserNameLength } || (userName?.Any(c => char.IsControl(c) || c == ':') ?? false))
        {
            errors["userName"] = [$"Use up to {MaxUserNameLength} characters, without ':' or control characters."];
        }

        if (input.Password is { Length: > 0 } password && (password.Length > MaxPasswordLength || password.Any(char.IsControl)))
        {
            errors["password"] = [$"Use up to {MaxPasswordLength} characters, without control characters."];
        }
        else if (input.Password is { Length: > 0 } && userName is null)
        {
            errors["password"] = ["A password needs a user name."];
        }

        return errors;
    }

    /// <summary>No user name: anonymous, so any stored password goes. A null password keeps the stored one.</summary>
    private void ApplyCredentials(RegistryConnection row, string? userName, string? password)
    {
        if (userName is null)
        {
            row.UserName = null;
            row.ProtectedPassword = null;
            return;
        }

        row.UserName = userName;
        if (password is not null)
        {
            row.ProtectedPassword = password.Length == 0 ? null : protector.Protect(password);
        }
    }

    private async Task<string?> HostTakenAsync(string url, string? except, CancellationToken cancellationToken)
    {
        // Pulls find credentials by the image's host: two registries on one host would make that ambiguous.
        var existing = await directory.FindByHostAsync(RegistryDirectory.HostOf(url), cancellationToken).ConfigureAwait(false);
        return existing is not null && existing.Registry.Name != except ? existing.Registry.Name : null;
    }

    private static RegistryError HostTaken(string url, string other) =>
        new(RegistryErrorCodes.NameTaken, $"The registry '{other}' is on {RegistryDirectory.HostOf(url)} already; edit that one instead.");

    private async Task<RegistryResult<RegistryInfo>> SucceedAsync(string actor, string action, RegistryConnection row)
    {
        var credentials = row.UserName is null ? "anonymous" : $"user {row.UserName}" + (row.ProtectedPassword is null ? ", no password" : ", password set");
        await audit.WriteAsync(actor, action, row.Name, AuditOutcome.Succeeded, $"{row.Url}; {credentials}", CancellationToken.None).ConfigureAwait(false);
        LogChanged(logger, actor, action, row.Name, row.Url);
        return RegistryResult<RegistryInfo>.Success(new RegistryInfo(row.Name, row.Url, RegistryDirectory.HostOf(row.Url), row.UserName, row.ProtectedPassword is not null, row.IsLab));
    }

    private async Task<RegistryResult<RegistryInfo>> RefuseAsync(string actor, string action, string target, RegistryError error)
    {
        await audit.WriteAsync(actor, action, target, AuditOutcome.Refused, $"{error.Code}: {error.Message}", CancellationToken.None).ConfigureAwait(false);
        return RegistryResult<RegistryInfo>.Failure(error);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor}: {Action} {Name} ({Url})")]
    private static partial void LogChanged(ILogger logger, string actor, string action, string name, string url);
}
