using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class ImageRecordConfiguration : IEntityTypeConfiguration<ImageRecord>
{
    public void Configure(EntityTypeBuilder<ImageRecord> builder)
    {
        builder.ToTable("ImageRecords");
        builder.HasKey(i => i.ImageId);
        builder.Property(i => i.ImageId).HasMaxLength(80);
        builder.Property(i => i.Owner).HasMaxLength(64);
        builder.Property(i => i.Source).HasMaxLength(16);
        builder.Property(i => i.Reference).HasMaxLength(512);
        builder.HasIndex(i => i.Owner);
    }
}
