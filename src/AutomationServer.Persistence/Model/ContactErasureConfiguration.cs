using AutomationServer.Audience.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

internal sealed class ContactErasureConfiguration : IEntityTypeConfiguration<ContactErasureRecord>
{
    public void Configure(EntityTypeBuilder<ContactErasureRecord> builder)
    {
        // No foreign key to Contacts: the contact is gone, the record stays.
        builder.ToTable(AudienceTables.ContactErasures);
        builder.HasKey(e => e.Id);
        builder.Property(e => e.ErasedBy).HasMaxLength(AudienceTables.NameLength);
        builder.Property(e => e.Counts).IsRequired();
        builder.HasIndex(e => e.ContactId);
        builder.HasIndex(e => e.ErasedAt);
    }
}
