using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class RegistryConnectionConfiguration : IEntityTypeConfiguration<RegistryConnection>
{
    public void Configure(EntityTypeBuilder<RegistryConnection> builder)
    {
        builder.ToTable("Registries");
        builder.HasKey(r => r.Name);
        builder.Property(r => r.Name).HasMaxLength(40);
        builder.Property(r => r.Url).HasMaxLength(300);
        builder.Property(r => r.UserName).HasMaxLength(200);
        builder.Property(r => r.ProtectedPassword).HasMaxLength(4000);
        builder.Property(r => r.UpdatedBy).HasMaxLength(64);
        builder.HasIndex(r => r.Url).IsUnique();
    }
}
