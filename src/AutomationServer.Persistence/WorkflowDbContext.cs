using AutomationServer.Audience.Persistence;
using AutomationServer.Persistence.Model;
using AutomationServer.Sdk.Channels;
using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace AutomationServer.Persistence;

/// <summary>The workflow engine's and the audience's tables. Each provider project holds the migrations of this one model.</summary>
public sealed class WorkflowDbContext(DbContextOptions<WorkflowDbContext> options) : DbContext(options)
{
    public DbSet<WorkflowDefinitionRecord> Definitions => Set<WorkflowDefinitionRecord>();

    public DbSet<WorkflowInstanceRecord> Instances => Set<WorkflowInstanceRecord>();

    public DbSet<BookmarkRecord> Bookmarks => Set<BookmarkRecord>();

    public DbSet<TriggerRecord> Triggers => Set<TriggerRecord>();

    public DbSet<IncidentRecord> Incidents => Set<IncidentRecord>();

    public DbSet<PluginStateRecord> PluginState => Set<PluginStateRecord>();

    public DbSet<JourneyEntryRecord> JourneyEntries => Set<JourneyEntryRecord>();

    public DbSet<ContactRecord> Contacts => Set<ContactRecord>();

    public DbSet<ContactIdentityRecord> ContactIdentities => Set<ContactIdentityRecord>();

    public DbSet<ContactAttributeDefinitionRecord> ContactAttributeDefinitions => Set<ContactAttributeDefinitionRecord>();

    public DbSet<ContactAttributeRecord> ContactAttributes => Set<ContactAttributeRecord>();

    public DbSet<ContactTagRecord> ContactTags => Set<ContactTagRecord>();

    public DbSet<ContactEventRecord> ContactEvents => Set<ContactEventRecord>();

    public DbSet<SegmentRecord> Segments => Set<SegmentRecord>();

    public DbSet<SegmentMembershipRecord> SegmentMemberships => Set<SegmentMembershipRecord>();

    public DbSet<ContactConsentRecord> ContactConsents => Set<ContactConsentRecord>();

    public DbSet<ConsentChangeRecord> ConsentChanges => Set<ConsentChangeRecord>();

    public DbSet<ConsentConfirmationRecord> ConsentConfirmations => Set<ConsentConfirmationRecord>();

    public DbSet<SuppressionRecord> Suppressions => Set<SuppressionRecord>();

    public DbSet<ContactErasureRecord> ContactErasures => Set<ContactErasureRecord>();

    public DbSet<DateTriggerFiringRecord> DateTriggerFirings => Set<DateTriggerFiringRecord>();

    public DbSet<DateTriggerScanRecord> DateTriggerScans => Set<DateTriggerScanRecord>();

    public DbSet<ScoringRuleRecord> ScoringRules => Set<ScoringRuleRecord>();

    public DbSet<ScoreAwardRecord> ScoreAwards => Set<ScoreAwardRecord>();

    public DbSet<ScoreRuleMatchRecord> ScoreRuleMatches => Set<ScoreRuleMatchRecord>();

    public DbSet<ScoringSettingRecord> ScoringSettings => Set<ScoringSettingRecord>();

    public DbSet<MessageRecord> Messages => Set<MessageRecord>();

    public DbSet<AutomationServer.Audience.Broadcasts.BroadcastRunRecord> BroadcastRuns => Set<AutomationServer.Audience.Broadcasts.BroadcastRunRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DefinitionStatus>().HaveConversion<string>().HaveMaxLength(WorkflowTables.EnumLength).AreUnicode(false);
        configurationBuilder.Properties<InstanceStatus>().HaveConversion<string>().HaveMaxLength(WorkflowTables.EnumLength).AreUnicode(false);
        configurationBuilder.Properties<IncidentStatus>().HaveConversion<string>().HaveMaxLength(WorkflowTables.EnumLength).AreUnicode(false);
        configurationBuilder.Properties<MessageState>().HaveConversion<string>().HaveMaxLength(WorkflowTables.EnumLength).AreUnicode(false);
        configurationBuilder.Properties<MessagePurpose>().HaveConversion<string>().HaveMaxLength(WorkflowTables.EnumLength).AreUnicode(false);
        configurationBuilder.Properties<ConsentStatus>().HaveConversion<string>().HaveMaxLength(WorkflowTables.EnumLength).AreUnicode(false);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Filtered indexes name their column in the provider's own quoting, so the filter text comes from the provider.
        var sql = this.GetService<ISqlGenerationHelper>();
        var filters = new IndexFilters(column => $"{sql.DelimitIdentifier(column)} IS NOT NULL");

        modelBuilder.ApplyConfiguration(new WorkflowDefinitionConfiguration());
        modelBuilder.ApplyConfiguration(new WorkflowInstanceConfiguration());
        modelBuilder.ApplyConfiguration(new BookmarkConfiguration(filters));
        modelBuilder.ApplyConfiguration(new TriggerConfiguration());
        modelBuilder.ApplyConfiguration(new IncidentConfiguration());
        modelBuilder.ApplyConfiguration(new PluginStateConfiguration());
        modelBuilder.ApplyConfiguration(new JourneyEntryConfiguration());

        modelBuilder.ApplyConfiguration(new ContactConfiguration());
        modelBuilder.ApplyConfiguration(new ContactIdentityConfiguration());
        modelBuilder.ApplyConfiguration(new ContactAttributeDefinitionConfiguration());
        modelBuilder.ApplyConfiguration(new ContactAttributeConfiguration());
        modelBuilder.ApplyConfiguration(new ContactTagConfiguration());
        modelBuilder.ApplyConfiguration(new ContactEventConfiguration(filters));
        modelBuilder.ApplyConfiguration(new SegmentConfiguration());
        modelBuilder.ApplyConfiguration(new SegmentMembershipConfiguration());
        modelBuilder.ApplyConfiguration(new ContactConsentConfiguration());
        modelBuilder.ApplyConfiguration(new ConsentChangeConfiguration());
        modelBuilder.ApplyConfiguration(new ConsentConfirmationConfiguration());
        modelBuilder.ApplyConfiguration(new SuppressionConfiguration());
        modelBuilder.ApplyConfiguration(new ContactErasureConfiguration());
        modelBuilder.ApplyConfiguration(new DateTriggerFiringConfiguration());
        modelBuilder.ApplyConfiguration(new DateTriggerScanConfiguration());
        modelBuilder.ApplyConfiguration(new ContactTimeZoneIndexConfiguration());
        modelBuilder.ApplyConfiguration(new BroadcastRunConfiguration());
        modelBuilder.ApplyConfiguration(new ScoringRuleConfiguration());
        modelBuilder.ApplyConfiguration(new ScoreAwardConfiguration(filters));
        modelBuilder.ApplyConfiguration(new ScoreRuleMatchConfiguration());
        modelBuilder.ApplyConfiguration(new ScoringSettingConfiguration());
        modelBuilder.ApplyConfiguration(new MessageConfiguration());
        SendPolicyConfiguration.Apply(modelBuilder);
        modelBuilder.ApplyConfiguration<AutomationServer.Messaging.Templates.MessageTemplateRecord>(new MessageTemplateConfiguration());
        modelBuilder.ApplyConfiguration<AutomationServer.Messaging.Templates.MessageTemplateVersionRecord>(new MessageTemplateConfiguration());
        modelBuilder.ApplyConfiguration(new MessageEventConfiguration());
        modelBuilder.ApplyConfiguration(new SoftBounceConfiguration());
    }
}
