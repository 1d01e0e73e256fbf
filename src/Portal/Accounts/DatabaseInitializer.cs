using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Configuration;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Accounts;

/// <summary>
/// Applies migrations, creates the roles and, on a first start with no users, the bootstrap admin. Runs as a
/// hosted service before the server takes requests, so no request sees an old schema.
/// </summary>
internal sealed partial class DatabaseInitializer(
    IServiceScopeFactory scopeFactory,
    IOptions<PortalOptions> options,
    TimeProvider timeProvider,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.Database.MigrateAsync(cancellationToken);

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in PortalRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (await users.Users.AnyAsync(cancellationToken))
        {
            return;
        }

        await CreateBootstrapAdminAsync(users);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task CreateBootstrapAdminAsync(UserManager<PortalUser> users)
    {
        var settings = options.Value.BootstrapAdmin;
        var generated = string.IsNullOrEmpty(settings.Password);
        var password = generated ? PasswordRules.Generate() : settings.Password!;
        var admin = new PortalUser
        {
            UserName = settings.UserName,
            DisplayName = "Administrator",
            CreatedAt = timeProvider.GetUtcNow(),
            LockoutEnabled = true,
        };
        var result = await users.CreateAsync(admin, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"The bootstrap admin '{settings.UserName}' could not be created: {string.Join(" ", result.Errors.Select(e => e.Description))} " +
                "Fix Portal:BootstrapAdmin:Password (or leave it empty to generate one).");
        }

        await users.AddToRoleAsync(admin, PortalRoles.Admin);
        if (generated)
        {
            // Printed once, straight to the console (not only the log), like Portainer and Jenkins do.
            Console.WriteLine();
            Console.WriteLine("==================================================================");
            Console.WriteLine(" Portal: the first admin account was created.");
            Console.WriteLine($"   user name: {settings.UserName}");
            Console.WriteLine($"   password:  {password}");
            Console.WriteLine(" It is shown only this once. Sign in and change it under Profile.");
            Console.WriteLine("==================================================================");
            Console.WriteLine();
        }

        LogBootstrapAdminCreated(logger, settings.UserName, generated);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the bootstrap admin '{UserName}' (generated password: {Generated})")]
    private static partial void LogBootstrapAdminCreated(ILogger logger, string userName, bool generated);
}
