using AutomationServer.Messaging.Policies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutomationServer.Persistence.Model;

/// <summary>The send policy's tables: saved channel policies and the contacts' own frequency choices.</summary>
internal static class SendPolicyConfiguration
{
    public const string SendPolicySettings = "SendPolicySettings";
    public const string ContactFrequencyPreferences = "ContactFrequencyPreferences";

    public static void Apply(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new SendPolicySettingsConfiguration());
        modelBuilder.ApplyConfiguration(new ContactFrequencyPreferenceConfiguration());
    }

    private sealed class SendPolicySettingsConfiguration : IEntityTypeConfiguration<SendPolicySettingsRecord>
    {
        public void Configure(EntityTypeBuilder<SendPolicySettingsRecord> builder)
        {
            builder.ToTable(SendPolicySettings);
            builder.HasKey(s => s.Channel);
            builder.Property(s => s.Channel).HasMaxLength(SendPolicyChannels.MaxLength);
            builder.Property(s => s.Document).IsRequired();
        }
    }

    private sealed class ContactFrequencyPreferenceConfiguration : IEntityTypeConfiguration<ContactFrequencyPreferenceRecord>
    {
        public void Configure(EntityTypeBuilder<ContactFrequencyPreferenceRecord> builder)
        {
            builder.ToTable(ContactFrequencyPreferences);
            builder.HasKey(p => new { p.ContactId, p.Channel });
            builder.Property(p => p.Channel).HasMaxLength(SendPolicyChannels.MaxLength);
            builder.Property(p => p.Source).HasMaxLength(FrequencyPreferences.MaxSourceLength).IsRequired();
            builder.BelongsToContact(p => p.ContactId);
        }
    }
}
