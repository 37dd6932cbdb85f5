using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

internal sealed class WorkflowInstanceConfiguration : IEntityTypeConfiguration<WorkflowInstanceRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowInstanceRecord> builder)
    {
        builder.ToTable(WorkflowTables.Instances);
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.DefinitionId).HasMaxLength(WorkflowTables.IdLength).IsRequired();
        builder.Property(i => i.CorrelationId).HasMaxLength(WorkflowTables.IdLength);
        builder.Property(i => i.State).IsRequired();
        builder.Property(i => i.Revision).IsConcurrencyToken();

        builder.HasIndex(i => new { i.DefinitionId, i.Status });
        builder.HasIndex(i => i.CorrelationId);
        builder.HasIndex(i => i.Status);
    }
}
