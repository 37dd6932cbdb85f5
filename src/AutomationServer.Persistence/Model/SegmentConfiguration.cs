using AutomationServer.Audience.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

internal sealed class SegmentConfiguration : IEntityTypeConfiguration<SegmentRecord>
{
    public void Configure(EntityTypeBuilder<SegmentRecord> builder)
    {
        builder.ToTable(AudienceTables.Segments);
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(AudienceTables.NameLength);
        builder.Property(s => s.Name).HasMaxLength(AudienceTables.DisplayLength).IsRequired();
        builder.Property(s => s.Definition).IsRequired();
    }
}

internal sealed class SegmentMembershipConfiguration : IEntityTypeConfiguration<SegmentMembershipRecord>
{
    public void Configure(EntityTypeBuilder<SegmentMembershipRecord> builder)
    {
        builder.ToTable(AudienceTables.SegmentMemberships);
        builder.HasKey(m => new { m.SegmentId, m.ContactId });
        builder.Property(m => m.SegmentId).HasMaxLength(AudienceTables.NameLength);
        builder.HasIndex(m => m.ContactId);
        builder.BelongsToContact(m => m.ContactId);
        builder.HasOne<SegmentRecord>().WithMany().HasForeignKey(m => m.SegmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
