using AutomationServer.Audience.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

internal sealed class ContactAttributeDefinitionConfiguration : IEntityTypeConfiguration<ContactAttributeDefinitionRecord>
{
    public void Configure(EntityTypeBuilder<ContactAttributeDefinitionRecord> builder)
    {
        builder.ToTable(AudienceTables.ContactAttributeDefinitions);
        builder.HasKey(d => d.Name);
        builder.Property(d => d.Name).HasMaxLength(AudienceTables.NameLength);
        builder.Property(d => d.Type).HasMaxLength(AudienceTables.KindLength).IsRequired();
        builder.Property(d => d.DisplayName).HasMaxLength(AudienceTables.DisplayLength);
    }
}

internal sealed class ContactAttributeConfiguration : IEntityTypeConfiguration<ContactAttributeRecord>
{
    public void Configure(EntityTypeBuilder<ContactAttributeRecord> builder)
    {
        builder.ToTable(AudienceTables.ContactAttributes);
        builder.HasKey(a => new { a.ContactId, a.Name });
        builder.Property(a => a.Name).HasMaxLength(AudienceTables.NameLength);
        builder.Property(a => a.TextValue).HasMaxLength(AudienceTables.TextValueLength);
        builder.Property(a => a.NumberValue).HasPrecision(AudienceTables.DecimalPrecision, AudienceTables.DecimalScale);

        // One index per typed column: a segment condition on an attribute seeks by name and value.
        builder.HasIndex(a => new { a.Name, a.NumberValue });
        builder.HasIndex(a => new { a.Name, a.TextValue });
        builder.HasIndex(a => new { a.Name, a.DateValue });
        builder.BelongsToContact(a => a.ContactId);
        builder.HasOne<ContactAttributeDefinitionRecord>().WithMany().HasForeignKey(a => a.Name).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ContactTagConfiguration : IEntityTypeConfiguration<ContactTagRecord>
{
    public void Configure(EntityTypeBuilder<ContactTagRecord> builder)
    {
        builder.ToTable(AudienceTables.ContactTags);
        builder.HasKey(t => new { t.ContactId, t.Tag });
        builder.Property(t => t.Tag).HasMaxLength(AudienceTables.NameLength);
        builder.HasIndex(t => t.Tag);
        builder.BelongsToContact(t => t.ContactId);
    }
}
