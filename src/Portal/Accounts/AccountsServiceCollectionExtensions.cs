using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Identity.Web;
using Portal.Configuration;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Accounts;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>The configuration section that turns on organisational sign-in when it names a client id.</summary>
    public const string OrganisationalSectionName = "AzureAd";

    /// <summary>
    /// Local accounts (Identity on SQLite, cookies), API tokens (Bearer), and organisational sign-in through
    /// Microsoft.Identity.Web when an <c>AzureAd</c> section with a <c>ClientId</c> is configured.
    /// </summary>
    public static IServiceCollection AddPortalAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, PortalRevalidatingAuthenticationStateProvider>();

        var authentication = services.AddAuthentication(options =>
            {
                options.DefaultScheme = PortalAuthentication.SelectorScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddPolicyScheme(PortalAuthentication.SelectorScheme, "Cookie or API token", options =>
            {
                options.ForwardDefaultSelector = context =>
                    ApiTokenAuthenticationHandler.CarriesToken(context.Request)
                        ? PortalAuthentication.ApiTokenScheme
                        : IdentityConstants.ApplicationScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(PortalAuthentication.ApiTokenScheme, null);
        authentication.AddIdentityCookies();

        var organisational = configuration.GetSection(OrganisationalSectionName);
        if (IsOrganisationalSignInConfigured(configuration))
        {
            // No cookie of its own: the result lands in Identity's external cookie and is mapped to a portal user.
            authentication.AddMicrosoftIdentityWebApp(organisational, OpenIdConnectDefaults.AuthenticationScheme, cookieScheme: null, displayName: "Organisation");
            services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, options => options.SignInScheme = IdentityConstants.ExternalScheme);
        }

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/access-denied";
            options.Cookie.Name = "portal.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.SlidingExpiration = true;
            // Scripts get status codes with problem details, not a redirect to the login page.
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        });

        services.AddIdentityCore<PortalUser>(options =>
            {
                options.Password.RequiredLength = PasswordRules.MinimumLength;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireDigit = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                options.Lockout.AllowedForNewUsers = true;
                options.User.AllowedUserNameCharacters = UserNameRules.AllowedCharacters;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager<PortalSignInManager>()
            .AddDefaultTokenProviders();

        // Disabled users and role changes take effect on open sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthorizationBuilder()
            .AddPolicy(PortalAuthentication.AdminPolicy, policy => policy.RequireRole(PortalRoles.Admin));

        services.AddSingleton<ApiTokenService>();
        services.AddSingleton<UserAccountService>();
        services.AddSingleton<ExternalUserMapper>();
        return services;
    }

    public static bool IsOrganisationalSignInConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetSection(OrganisationalSectionName)["ClientId"]);

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
