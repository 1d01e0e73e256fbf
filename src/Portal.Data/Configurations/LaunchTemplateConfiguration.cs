using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class LaunchTemplateConfiguration : IEntityTypeConfiguration<LaunchTemplate>
{
    public void Configure(EntityTypeBuilder<LaunchTemplate> builder)
    {
        builder.ToTable("LaunchTemplates");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(100).IsRequired();
        builder.HasIndex(t => t.Name).IsUnique();
        builder.Property(t => t.Description).HasMaxLength(500);
        builder.Property(t => t.Image).HasMaxLength(300).IsRequired();
    }
}
