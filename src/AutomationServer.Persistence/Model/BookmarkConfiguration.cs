using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

internal sealed class BookmarkConfiguration(IndexFilters filters) : IEntityTypeConfiguration<BookmarkRecord>
{
    public void Configure(EntityTypeBuilder<BookmarkRecord> builder)
    {
        builder.ToTable(WorkflowTables.Bookmarks);
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.ActivityId).HasMaxLength(WorkflowTables.IdLength).IsRequired();
        builder.Property(b => b.Stimulus).HasMaxLength(WorkflowTables.NameLength).IsRequired();
        builder.Property(b => b.Hash).HasMaxLength(WorkflowTables.IdLength).IsUnicode(false);
        builder.Property(b => b.CorrelationId).HasMaxLength(WorkflowTables.IdLength);

        // Timers have no hash and stimulus waits have no due time: partial indexes keep each kind out of the other's index.
        builder.HasIndex(b => b.Hash).HasFilter(filters.NotNull(nameof(BookmarkRecord.Hash)));
        builder.HasIndex(b => b.DueAt).HasFilter(filters.NotNull(nameof(BookmarkRecord.DueAt)));
        // Only bookmarks in flight carry a claim, so this index stays tiny; it finds when an abandoned claim expires.
        builder.HasIndex(b => b.ClaimedUntil).HasFilter(filters.NotNull(nameof(BookmarkRecord.ClaimedUntil)));
        builder.HasIndex(b => b.InstanceId);
    }
}
