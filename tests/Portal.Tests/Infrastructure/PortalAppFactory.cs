using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The real portal (real SQLite file, real Docker engine) hosted in memory. Each factory has its own data folder in
/// the temp folder, deleted on dispose, so a factory starts from an empty database with only the bootstrap admin.
/// </summary>
public class PortalAppFactory : WebApplicationFactory<Program>
{
    public const string AdminUserName = "admin";

    public const string AdminPassword = "bootstrap-secret-42";

    private readonly TempDirectory? _ownedDataDirectory;
    private readonly Dictionary<string, string?> _settings;
    private bool _cleanedUp;

    /// <summary>A portal whose bootstrap admin gets <see cref="AdminPassword"/>.</summary>
    public PortalAppFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <param name="settings">Configuration on top of the defaults here (a null value clears a key).</param>
    /// <param name="dataDirectory">A data folder the caller owns; by default a fresh temp folder owned by the factory.</param>
    internal PortalAppFactory(IReadOnlyDictionary<string, string?> settings, string? dataDirectory = null)
    {
        if (dataDirectory is null)
        {
            _ownedDataDirectory = new TempDirectory();
            dataDirectory = _ownedDataDirectory.Path;
        }

        DataDirectory = dataDirectory;
        _settings = new Dictionary<string, string?>
        {
            ["Portal:DataDirectory"] = DataDirectory,
            ["Portal:BootstrapAdmin:UserName"] = AdminUserName,
            ["Portal:BootstrapAdmin:Password"] = AdminPassword,
            // Quiet test output; warnings and errors still show.
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    public string DataDirectory { get; }

    public UserAccountService Accounts => Services.GetRequiredService<UserAccountService>();

    /// <summary>A client for the API: no redirects followed, no cookies kept, a bounded timeout.</summary>
    public HttpClient CreateApiClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.Timeout = TestTimeout.Default;
        return client;
    }

    /// <summary>A client like a browser's: it keeps cookies, but does not follow redirects, so tests see them.</summary>
    public HttpClient CreateBrowserClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.Timeout = TestTimeout.Default;
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Not Development: no user secrets from the developer's machine leak into the tests.
        builder.UseEnvironment("Testing");
        builder.UseContentRoot(RepositoryRoot.Path);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        // Catch a captive dependency or a missing registration at start, as Development would.
        builder.UseDefaultServiceProvider(options =>
        {
            options.ValidateScopes = true;
            options.ValidateOnBuild = true;
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_cleanedUp)
        {
            return;
        }

        _cleanedUp = true;
        // Pooled SQLite connections keep the database file open; close them before the folder goes.
        SqliteConnection.ClearAllPools();
        _ownedDataDirectory?.Dispose();
    }
}
