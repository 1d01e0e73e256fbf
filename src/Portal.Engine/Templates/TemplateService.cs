using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Engine.Audit;
using Portal.Engine.Launch;
using Portal.Engine.Quotas;

namespace Portal.Engine.Templates;

/// <summary>
/// Templates in the portal's database. A template is checked by the launch policy itself (under the default quota),
/// so the Launch page never offers one that the policy would refuse for its image or its variables.
/// </summary>
internal sealed partial class TemplateService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IQuotaService quotas,
    IOptions<LaunchOptions> launchOptions,
    IAuditLog audit,
    TimeProvider timeProvider,
    ILogger<TemplateService> logger) : ITemplateService
{
    public const int MaxNameLength = 100;

    public const int MaxDescriptionLength = 500;

    // The policy checks container names; a template's own name is free text, so the policy sees a valid stand-in.
    private const string StandInContainerName = "template";

    public async Task<IReadOnlyList<TemplateView>> ListAsync(CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        var rows = await db.LaunchTemplates.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(ToView).ToList();
    }

    public async Task<TemplateView?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        var row = await db.LaunchTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToView(row);
    }

    public Task<TemplateResult> CreateAsync(string actor, TemplateInput input, CancellationToken cancellationToken) =>
        SaveAsync(actor, "template.create", id: null, input, cancellationToken);

    public Task<TemplateResult> UpdateAsync(string actor, Guid id, TemplateInput input, CancellationToken cancellationToken) =>
        SaveAsync(actor, "template.update", id, input, cancellationToken);

    public async Task<bool> DeleteAsync(string actor, Guid id, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        var row = await db.LaunchTemplates.SingleOrDefaultAsync(t => t.Id == id, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            await audit.WriteAsync(actor, "template.delete", id.ToString(), AuditOutcome.Refused, "There is no such template.", CancellationToken.None).ConfigureAwait(false);
            return false;
        }

        db.LaunchTemplates.Remove(row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(actor, "template.delete", row.Name, AuditOutcome.Succeeded, row.Image, CancellationToken.None).ConfigureAwait(false);
        LogChanged(logger, actor, "deleted", row.Name);
        return true;
    }

    private async Task<TemplateResult> SaveAsync(string actor, string action, Guid? id, TemplateInput input, CancellationToken cancellationToken)
    {
        var name = input.Name?.Trim() ?? string.Empty;
        var target = name.Length == 0 ? id?.ToString() ?? "(unnamed)" : name;
        var error = Validate(input, name);
        if (error is not null)
        {
            return await RefuseAsync(actor, action, target, error).ConfigureAwait(false);
        }

        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        LaunchTemplate? row = null;
        if (id is { } existingId)
        {
            row = await db.LaunchTemplates.SingleOrDefaultAsync(t => t.Id == existingId, cancellationToken).ConfigureAwait(false);
            if (row is null)
            {
                return await RefuseAsync(actor, action, target, new LaunchError(LaunchErrorCodes.NotFound, "There is no such template; it may have been deleted.")).ConfigureAwait(false);
            }
        }

        // Names are compared without case: "PyTorch" and "pytorch" side by side on the Launch page would confuse.
        var lowered = name.ToLowerInvariant();
        var taken = await db.LaunchTemplates.AnyAsync(t => t.Name.ToLower() == lowered && t.Id != (id ?? Guid.Empty), cancellationToken).ConfigureAwait(false);
        if (taken)
        {
            return await RefuseAsync(actor, action, target, NameTaken(name)).ConfigureAwait(false);
        }

        var now = timeProvider.GetUtcNow();
        if (row is null)
        {
            row = new LaunchTemplate { Id = Guid.NewGuid(), Name = name, Image = string.Empty, CreatedAt = now };
            db.LaunchTemplates.Add(row);
        }

        Apply(row, name, input, now);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (ex.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            // Another admin saved the same name between the check and the write; the unique index had the last word.
            return await RefuseAsync(actor, action, target, NameTaken(name)).ConfigureAwait(false);
        }

        var view = ToView(row);
        await audit.WriteAsync(actor, action, name, AuditOutcome.Succeeded, Describe(view), CancellationToken.None).ConfigureAwait(false);
        LogChanged(logger, actor, id is null ? "created" : "updated", name);
        return new TemplateResult(view, null);
    }

    /// <summary>
    /// The launch policy decides, so a template obeys the same rules as a launch. A template may ask for more than the
    /// default quota: members with a raised quota use it, and every launch is still checked against the member's own.
    /// </summary>
    private LaunchError? Validate(TemplateInput input, string name)
    {
        var errors = new Dictionary<string, string[]>();
        if (name.Length == 0)
        {
            errors["name"] = ["A name is required."];
        }
        else if (name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            errors["name"] = [$"Use up to {MaxNameLength} characters, without control characters."];
        }

        if (input.Description is { Length: > MaxDescriptionLength })
        {
            errors["description"] = [$"Use up to {MaxDescriptionLength} characters."];
        }

        var request = new LaunchRequest
        {
            Name = StandInContainerName,
            Image = input.Image,
            Command = input.Command,
            Env = input.Env,
            Ports = input.Ports,
            Gpus = input.Gpus ?? 0,
            Cpus = input.Cpus,
            MemoryMiB = input.MemoryMiB,
            ShmSizeMiB = input.ShmSizeMiB,
            Workspace = input.Workspace ?? false,
        };
        var policy = LaunchPolicy.Evaluate(StandInContainerName, request, quotas.Defaults, launchOptions.Value);
        var policyError = policy.Error is { Code: LaunchErrorCodes.QuotaExceeded } ? null : policy.Error;
        if (policyError is { Code: LaunchErrorCodes.InvalidRequest, FieldErrors: { } fieldErrors })
        {
            foreach (var (field, messages) in fieldErrors)
            {
                errors[field] = messages;
            }
        }
        else if (policyError is not null)
        {
            return errors.Count > 0 ? LaunchError.Invalid(errors) : policyError;
        }

        return errors.Count > 0 ? LaunchError.Invalid(errors) : null;
    }

    private static void Apply(LaunchTemplate row, string name, TemplateInput input, DateTimeOffset now)
    {
        row.Name = name;
        row.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        row.Image = input.Image!.Trim();
        row.CommandJson = input.Command is { Count: > 0 } command ? JsonSerializer.Serialize(command) : null;
        row.EnvironmentJson = input.Env is { Count: > 0 } env ? JsonSerializer.Serialize(env) : null;
        row.PortsJson = input.Ports is { Count: > 0 } ports ? JsonSerializer.Serialize(ports) : null;
        row.Gpus = input.Gpus ?? 0;
        row.Cpus = input.Cpus;
        row.MemoryMiB = input.MemoryMiB;
        row.ShmSizeMiB = input.ShmSizeMiB;
        row.Workspace = input.Workspace ?? false;
        row.UpdatedAt = now;
    }

    private static TemplateView ToView(LaunchTemplate row) => new()
    {
        Id = row.Id,
        Name = row.Name,
        Description = row.Description,
        Image = row.Image,
        Command = Read<List<string>>(row.CommandJson) ?? [],
        Env = Read<Dictionary<string, string>>(row.EnvironmentJson) ?? new Dictionary<string, string>(),
        Ports = Read<List<int>>(row.PortsJson) ?? [],
        Gpus = row.Gpus,
        Cpus = row.Cpus,
        MemoryMiB = row.MemoryMiB,
        ShmSizeMiB = row.ShmSizeMiB,
        Workspace = row.Workspace,
    };

    /// <summary>Reads a JSON column; a hand-edited, unreadable value reads as empty instead of breaking the Launch page.</summary>
    private static T? Read<T>(string? json)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(TemplateView template) =>
        $"{template.Image}; GPUs: {template.Gpus}" + (template.Command.Count > 0 ? $"; command: {string.Join(' ', template.Command)}" : string.Empty);

    private static LaunchError NameTaken(string name) =>
        new(LaunchErrorCodes.NameTaken, $"A template named '{name}' exists already; choose another name or edit that one.");

    private async Task<TemplateResult> RefuseAsync(string actor, string action, string target, LaunchError error)
    {
        await audit.WriteAsync(actor, action, target, AuditOutcome.Refused, $"{error.Code}: {error.Message}", CancellationToken.None).ConfigureAwait(false);
        return new TemplateResult(null, error);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor} {Change} the template {Name}")]
    private static partial void LogChanged(ILogger logger, string actor, string change, string name);
}
