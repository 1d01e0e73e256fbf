using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class UserQuotaConfiguration : IEntityTypeConfiguration<UserQuota>
{
    public void Configure(EntityTypeBuilder<UserQuota> builder)
    {
        builder.ToTable("UserQuotas");
        builder.HasKey(q => q.UserName);
        builder.Property(q => q.UserName).HasMaxLength(64);
        builder.Property(q => q.UpdatedBy).HasMaxLength(64);
    }
}
