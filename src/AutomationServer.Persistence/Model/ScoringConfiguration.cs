using AutomationServer.Audience.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

internal sealed class ScoringRuleConfiguration : IEntityTypeConfiguration<ScoringRuleRecord>
{
    public void Configure(EntityTypeBuilder<ScoringRuleRecord> builder)
    {
        builder.ToTable(ScoringTables.ScoringRules);
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasMaxLength(AudienceTables.NameLength);
        builder.Property(r => r.Name).HasMaxLength(AudienceTables.DisplayLength).IsRequired();
        builder.Property(r => r.Kind).HasMaxLength(ScoringTables.KindLength).IsRequired();
        builder.Property(r => r.Definition).IsRequired();
    }
}

internal sealed class ScoreAwardConfiguration(IndexFilters filters) : IEntityTypeConfiguration<ScoreAwardRecord>
{
    public void Configure(EntityTypeBuilder<ScoreAwardRecord> builder)
    {
        builder.ToTable(ScoringTables.ScoreAwards);
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.RuleId).HasMaxLength(AudienceTables.NameLength).IsRequired();

        // No foreign key to the rule: the ledger outlives a deleted rule, so its points stay explained.
        builder.HasIndex(a => new { a.RuleId, a.EventId }).IsUnique().HasFilter(filters.NotNull(nameof(ScoreAwardRecord.EventId)));
        builder.HasIndex(a => new { a.ContactId, a.RuleId, a.AwardedAt });
        builder.BelongsToContact(a => a.ContactId);
    }
}

internal sealed class ScoreRuleMatchConfiguration : IEntityTypeConfiguration<ScoreRuleMatchRecord>
{
    public void Configure(EntityTypeBuilder<ScoreRuleMatchRecord> builder)
    {
        builder.ToTable(ScoringTables.ScoreRuleMatches);
        builder.HasKey(m => new { m.RuleId, m.ContactId });
        builder.Property(m => m.RuleId).HasMaxLength(AudienceTables.NameLength);
        builder.HasIndex(m => m.ContactId);
        builder.BelongsToContact(m => m.ContactId);
        builder.HasOne<ScoringRuleRecord>().WithMany().HasForeignKey(m => m.RuleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScoringSettingConfiguration : IEntityTypeConfiguration<ScoringSettingRecord>
{
    public void Configure(EntityTypeBuilder<ScoringSettingRecord> builder)
    {
        builder.ToTable(ScoringTables.ScoringSettings);
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(ScoringTables.SettingKeyLength);
        builder.Property(s => s.Value).IsRequired();
    }
}
