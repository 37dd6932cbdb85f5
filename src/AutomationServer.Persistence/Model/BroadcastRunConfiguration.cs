using AutomationServer.Audience.Broadcasts;
using AutomationServer.Audience.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

internal sealed class BroadcastRunConfiguration : IEntityTypeConfiguration<BroadcastRunRecord>
{
    public void Configure(EntityTypeBuilder<BroadcastRunRecord> builder)
    {
        builder.ToTable(BroadcastStore.Table);
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.DefinitionId).HasMaxLength(WorkflowTables.IdLength).IsRequired();
        builder.Property(r => r.ActivityId).HasMaxLength(WorkflowTables.IdLength).IsRequired();
        builder.Property(r => r.SegmentId).HasMaxLength(AudienceTables.NameLength);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16).IsUnicode(false);
        builder.Property(r => r.Error).HasMaxLength(2000);

        // The claim of one firing: two nodes firing the same occurrence insert one row between them.
        builder.HasIndex(r => new { r.DefinitionId, r.ActivityId, r.ScheduledFor }).IsUnique();
        builder.HasIndex(r => new { r.Status, r.LeasedUntil });
    }
}
