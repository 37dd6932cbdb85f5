using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

internal sealed class PluginStateConfiguration : IEntityTypeConfiguration<PluginStateRecord>
{
    public void Configure(EntityTypeBuilder<PluginStateRecord> builder)
    {
        builder.ToTable(WorkflowTables.PluginState);
        builder.HasKey(s => new { s.PluginId, s.Key });
        builder.Property(s => s.PluginId).HasMaxLength(WorkflowTables.IdLength);
        builder.Property(s => s.Key).HasMaxLength(WorkflowTables.PluginStateKeyLength);
        builder.Property(s => s.Value).IsRequired();
    }
}
