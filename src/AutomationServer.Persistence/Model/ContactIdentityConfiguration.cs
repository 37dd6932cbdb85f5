using AutomationServer.Audience.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

internal sealed class ContactIdentityConfiguration : IEntityTypeConfiguration<ContactIdentityRecord>
{
    public void Configure(EntityTypeBuilder<ContactIdentityRecord> builder)
    {
        builder.ToTable(AudienceTables.ContactIdentities);
        builder.HasKey(i => new { i.Kind, i.Value });
        builder.Property(i => i.Kind).HasMaxLength(AudienceTables.KindLength);
        builder.Property(i => i.Value).HasMaxLength(AudienceTables.IdentityValueLength);
        builder.HasIndex(i => i.ContactId);
        builder.BelongsToContact(i => i.ContactId);
    }
}
