using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class GpuLeaseConfiguration : IEntityTypeConfiguration<GpuLease>
{
    public void Configure(EntityTypeBuilder<GpuLease> builder)
    {
        builder.ToTable("GpuLeases");
        builder.HasKey(l => l.DeviceId);
        builder.Property(l => l.DeviceId).HasMaxLength(128);
        builder.Property(l => l.PortalContainerId).HasMaxLength(64).IsRequired();
        builder.Property(l => l.DockerContainerId).HasMaxLength(64);
        builder.Property(l => l.Owner).HasMaxLength(64).IsRequired();
        builder.Property(l => l.ContainerName).HasMaxLength(128).IsRequired();
        builder.HasIndex(l => l.PortalContainerId);
        builder.HasIndex(l => l.Owner);
    }
}
