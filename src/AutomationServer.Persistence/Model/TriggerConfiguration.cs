using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

internal sealed class TriggerConfiguration : IEntityTypeConfiguration<TriggerRecord>
{
    public void Configure(EntityTypeBuilder<TriggerRecord> builder)
    {
        builder.ToTable(WorkflowTables.Triggers);
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.DefinitionId).HasMaxLength(WorkflowTables.IdLength).IsRequired();
        builder.Property(t => t.ActivityId).HasMaxLength(WorkflowTables.IdLength).IsRequired();
        builder.Property(t => t.Stimulus).HasMaxLength(WorkflowTables.NameLength).IsRequired();
        builder.Property(t => t.Hash).HasMaxLength(WorkflowTables.IdLength).IsUnicode(false).IsRequired();

        builder.HasIndex(t => t.Hash);
        builder.HasIndex(t => t.DefinitionId);
    }
}
