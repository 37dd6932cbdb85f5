using AutomationServer.Messaging.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

/// <summary>The MessageTemplates and MessageTemplateVersions tables.</summary>
internal sealed class MessageTemplateConfiguration : IEntityTypeConfiguration<MessageTemplateRecord>, IEntityTypeConfiguration<MessageTemplateVersionRecord>
{
    public const string Templates = "MessageTemplates";
    public const string Versions = "MessageTemplateVersions";

    public void Configure(EntityTypeBuilder<MessageTemplateRecord> builder)
    {
        builder.ToTable(Templates);
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasMaxLength(TemplateIds.MaxLength);
        builder.Property(t => t.Name).HasMaxLength(TemplateValidator.MaxNameLength).IsRequired();
        builder.Property(t => t.Channel).HasMaxLength(WorkflowTables.EnumLength).IsRequired();
        builder.Property(t => t.Description).HasMaxLength(TemplateValidator.MaxDescriptionLength);
        builder.HasIndex(t => t.Name);
    }

    public void Configure(EntityTypeBuilder<MessageTemplateVersionRecord> builder)
    {
        builder.ToTable(Versions);
        builder.HasKey(v => new { v.TemplateId, v.Version });
        builder.Property(v => v.TemplateId).HasMaxLength(TemplateIds.MaxLength);
        builder.Property(v => v.Subject).HasMaxLength(TemplateValidator.MaxSubjectLength);
        builder.Property(v => v.Preheader).HasMaxLength(TemplateValidator.MaxPreheaderLength);
        builder.Property(v => v.From).HasMaxLength(TemplateValidator.MaxAddressLength);
        builder.Property(v => v.ReplyTo).HasMaxLength(TemplateValidator.MaxAddressLength);
        builder.Property(v => v.Note).HasMaxLength(TemplateValidator.MaxNoteLength);
        builder.HasOne<MessageTemplateRecord>().WithMany().HasForeignKey(v => v.TemplateId).OnDelete(DeleteBehavior.Cascade);
    }
}
