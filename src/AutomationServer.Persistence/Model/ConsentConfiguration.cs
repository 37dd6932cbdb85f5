using AutomationServer.Audience.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

internal sealed class ContactConsentConfiguration : IEntityTypeConfiguration<ContactConsentRecord>
{
    public void Configure(EntityTypeBuilder<ContactConsentRecord> builder)
    {
        builder.ToTable(AudienceTables.ContactConsents);
        builder.HasKey(c => new { c.ContactId, c.Channel, c.Topic });
        builder.Property(c => c.Channel).HasMaxLength(AudienceTables.KindLength);
        builder.Property(c => c.Topic).HasMaxLength(AudienceTables.NameLength);
        builder.Property(c => c.Source).HasMaxLength(AudienceTables.DisplayLength).IsRequired();
        builder.BelongsToContact(c => c.ContactId);
    }
}

internal sealed class ConsentChangeConfiguration : IEntityTypeConfiguration<ConsentChangeRecord>
{
    public void Configure(EntityTypeBuilder<ConsentChangeRecord> builder)
    {
        builder.ToTable(AudienceTables.ConsentChanges);
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Channel).HasMaxLength(AudienceTables.KindLength).IsRequired();
        builder.Property(c => c.Topic).HasMaxLength(AudienceTables.NameLength).IsRequired();
        builder.Property(c => c.Source).HasMaxLength(AudienceTables.DisplayLength).IsRequired();
        builder.HasIndex(c => new { c.ContactId, c.OccurredAt });
        builder.BelongsToContact(c => c.ContactId);
    }
}

internal sealed class ConsentConfirmationConfiguration : IEntityTypeConfiguration<ConsentConfirmationRecord>
{
    public void Configure(EntityTypeBuilder<ConsentConfirmationRecord> builder)
    {
        builder.ToTable(AudienceTables.ConsentConfirmations);
        builder.HasKey(c => c.TokenHash);
        builder.Property(c => c.TokenHash).HasMaxLength(AudienceTables.TokenHashLength).IsUnicode(false);
        builder.Property(c => c.Channel).HasMaxLength(AudienceTables.KindLength).IsRequired();
        builder.Property(c => c.Topic).HasMaxLength(AudienceTables.NameLength).IsRequired();
        builder.HasIndex(c => c.ContactId);
        builder.BelongsToContact(c => c.ContactId);
    }
}

internal sealed class SuppressionConfiguration : IEntityTypeConfiguration<SuppressionRecord>
{
    public void Configure(EntityTypeBuilder<SuppressionRecord> builder)
    {
        builder.ToTable(AudienceTables.Suppressions);
        builder.HasKey(s => new { s.Channel, s.Address });
        builder.Property(s => s.Channel).HasMaxLength(AudienceTables.KindLength);
        builder.Property(s => s.Address).HasMaxLength(AudienceTables.IdentityValueLength);
        builder.Property(s => s.Reason).HasMaxLength(AudienceTables.DisplayLength);
    }
}
