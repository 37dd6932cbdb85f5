using AutomationServer.Audience.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

internal sealed class ContactEventConfiguration(IndexFilters filters) : IEntityTypeConfiguration<ContactEventRecord>
{
    public void Configure(EntityTypeBuilder<ContactEventRecord> builder)
    {
        builder.ToTable(AudienceTables.ContactEvents);
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Name).HasMaxLength(AudienceTables.NameLength).IsRequired();
        builder.Property(e => e.Properties).IsRequired();
        builder.Property(e => e.Amount).HasPrecision(AudienceTables.DecimalPrecision, AudienceTables.DecimalScale);
        builder.Property(e => e.IdempotencyKey).HasMaxLength(AudienceTables.IdempotencyKeyLength);

        builder.HasIndex(e => new { e.ContactId, e.Name, e.OccurredAt });
        builder.HasIndex(e => new { e.Name, e.OccurredAt });
        builder.HasIndex(e => e.IdempotencyKey).IsUnique().HasFilter(filters.NotNull(nameof(ContactEventRecord.IdempotencyKey)));
        builder.BelongsToContact(e => e.ContactId);
    }
}
