using AutomationServer.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

internal sealed class MessageEventConfiguration : IEntityTypeConfiguration<MessageEventRecord>
{
    public const string Table = "MessageEvents";

    public void Configure(EntityTypeBuilder<MessageEventRecord> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(WorkflowTables.EnumLength).IsUnicode(false);
        builder.Property(e => e.Detail).HasMaxLength(2000);
        builder.HasIndex(e => e.MessageId);
    }
}
