using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

internal sealed class WorkflowDefinitionConfiguration : IEntityTypeConfiguration<WorkflowDefinitionRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowDefinitionRecord> builder)
    {
        builder.ToTable(WorkflowTables.Definitions);
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.DefinitionId).HasMaxLength(WorkflowTables.IdLength).IsRequired();
        builder.Property(d => d.Name).HasMaxLength(WorkflowTables.NameLength).IsRequired();
        builder.Property(d => d.Json).IsRequired();

        builder.HasIndex(d => new { d.DefinitionId, d.Version }).IsUnique();
        // The definition list shows latest versions, newest change first.
        builder.HasIndex(d => new { d.IsLatest, d.UpdatedAt });
    }
}
