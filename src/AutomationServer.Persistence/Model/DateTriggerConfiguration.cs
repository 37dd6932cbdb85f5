using AutomationServer.Audience.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

internal sealed class DateTriggerFiringConfiguration : IEntityTypeConfiguration<DateTriggerFiringRecord>
{
    public void Configure(EntityTypeBuilder<DateTriggerFiringRecord> builder)
    {
        builder.ToTable(AudienceTables.DateTriggerFirings);

        // The key is the claim: a second insert of the same occurrence, from any scan or node, is refused.
        builder.HasKey(f => new { f.KeyHash, f.ContactId, f.Occurrence });
        builder.Property(f => f.KeyHash).HasMaxLength(AudienceTables.KeyHashLength).IsUnicode(false);
        builder.HasIndex(f => f.Occurrence);
        builder.BelongsToContact(f => f.ContactId);
    }
}

internal sealed class DateTriggerScanConfiguration : IEntityTypeConfiguration<DateTriggerScanRecord>
{
    public void Configure(EntityTypeBuilder<DateTriggerScanRecord> builder)
    {
        builder.ToTable(AudienceTables.DateTriggerScans);
        builder.HasKey(s => s.KeyHash);
        builder.Property(s => s.KeyHash).HasMaxLength(AudienceTables.KeyHashLength).IsUnicode(false);
        builder.Property(s => s.Key).IsRequired();
    }
}

/// <summary>Date triggers list the distinct time zones of all contacts every scan; the index answers that without reading the table.</summary>
internal sealed class ContactTimeZoneIndexConfiguration : IEntityTypeConfiguration<ContactRecord>
{
    public void Configure(EntityTypeBuilder<ContactRecord> builder) => builder.HasIndex(c => c.TimeZone);
}
