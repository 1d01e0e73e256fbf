using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class CleanupScheduleConfiguration : IEntityTypeConfiguration<CleanupSchedule>
{
    public void Configure(EntityTypeBuilder<CleanupSchedule> builder)
    {
        builder.ToTable("CleanupSchedules");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Cron).HasMaxLength(128);
        builder.Property(s => s.Targets).HasMaxLength(256);
        builder.Property(s => s.LastRunSummary).HasMaxLength(2048);
        builder.Property(s => s.UpdatedBy).HasMaxLength(64);
    }
}
