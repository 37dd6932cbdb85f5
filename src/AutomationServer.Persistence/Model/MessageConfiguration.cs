using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

internal sealed class MessageConfiguration : IEntityTypeConfiguration<MessageRecord>
{
    public const string Table = "Messages";

    public void Configure(EntityTypeBuilder<MessageRecord> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Channel).HasMaxLength(64).IsRequired();
        builder.Property(m => m.DefinitionId).HasMaxLength(WorkflowTables.IdLength);
        builder.Property(m => m.ActivityId).HasMaxLength(WorkflowTables.IdLength);
        builder.Property(m => m.TemplateId).HasMaxLength(WorkflowTables.IdLength);
        builder.Property(m => m.Topic).HasMaxLength(WorkflowTables.IdLength);
        builder.Property(m => m.Request).IsRequired();
        builder.Property(m => m.ReasonCode).HasMaxLength(64);
        builder.Property(m => m.Reason).HasMaxLength(1000);
        builder.Property(m => m.Recipient).HasMaxLength(320);
        builder.Property(m => m.Subject).HasMaxLength(1000);
        builder.Property(m => m.ProviderMessageId).HasMaxLength(WorkflowTables.NameLength);

        // The dispatcher's claim: due messages in a state it works on, earliest first.
        builder.HasIndex(m => new { m.State, m.DueAt });
        // A contact's history, and frequency caps counting a contact's recent sends per channel.
        builder.HasIndex(m => new { m.ContactId, m.Channel, m.SentAt });
        builder.HasIndex(m => m.ProviderMessageId);
        builder.HasIndex(m => m.InstanceId);
    }
}
