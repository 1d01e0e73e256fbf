namespace Portal.Api;

internal static class ApiEndpointRouteBuilderExtensions
{
    /// <summary>Maps the HTTP API for scripts under <c>/api/v1</c>. Cookie-authenticated browser calls work too.</summary>
    public static IEndpointRouteBuilder MapPortalApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").WithTags("Portal");
        api.MapAuthApi();
        api.MapMeApi();
        api.MapUsersApi();
        api.MapContainersApi();
        api.MapContainerStatsApi();
        api.MapTemplatesApi();
        api.MapQuotasApi();
        api.MapAuditApi();
        api.MapGpusApi();
        api.MapDiskApi();
        api.MapDiskCleanupApi();
        api.MapProtectedImagesApi();
        api.MapRegistriesApi();
        api.MapImagesApi();
        return endpoints;
    }
}
