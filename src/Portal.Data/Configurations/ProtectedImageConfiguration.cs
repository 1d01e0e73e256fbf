using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class ProtectedImageConfiguration : IEntityTypeConfiguration<ProtectedImage>
{
    public void Configure(EntityTypeBuilder<ProtectedImage> builder)
    {
        builder.ToTable("ProtectedImages");
        builder.HasKey(p => p.Reference);
        builder.Property(p => p.Reference).HasMaxLength(512);
        builder.Property(p => p.ProtectedBy).HasMaxLength(64);
    }
}
