using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Portal.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the web app.</summary>
internal sealed class PortalDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
