using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

internal sealed class JourneyEntryConfiguration : IEntityTypeConfiguration<JourneyEntryRecord>
{
    public const string Table = "JourneyEntries";

    public void Configure(EntityTypeBuilder<JourneyEntryRecord> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(e => new { e.DefinitionId, e.CorrelationId });
        builder.Property(e => e.DefinitionId).HasMaxLength(WorkflowTables.IdLength);
        builder.Property(e => e.CorrelationId).HasMaxLength(WorkflowTables.IdLength);
        builder.Property(e => e.LastEntryKey).HasMaxLength(WorkflowTables.IdLength);
        builder.Property(e => e.Revision).IsConcurrencyToken();
    }
}
