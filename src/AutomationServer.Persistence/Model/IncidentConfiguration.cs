using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<IncidentRecord>
{
    public void Configure(EntityTypeBuilder<IncidentRecord> builder)
    {
        builder.ToTable(WorkflowTables.Incidents);
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.ActivityId).HasMaxLength(WorkflowTables.IdLength).IsRequired();
        builder.Property(i => i.ActivityType).HasMaxLength(WorkflowTables.NameLength).IsRequired();
        builder.Property(i => i.Message).IsRequired();
        builder.Property(i => i.ExceptionType).HasMaxLength(WorkflowTables.NameLength * 2);

        builder.HasIndex(i => i.InstanceId);
    }
}
