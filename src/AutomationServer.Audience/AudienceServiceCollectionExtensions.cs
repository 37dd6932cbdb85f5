using AutomationServer.Audience.Activities;
using AutomationServer.Audience.Consent;
using AutomationServer.Audience.Contacts;
using AutomationServer.Audience.Broadcasts;
using AutomationServer.Audience.DateTriggers;
using AutomationServer.Audience.Events;
using AutomationServer.Audience.Scoring;
using AutomationServer.Audience.Journeys;
using AutomationServer.Audience.Segments;
using AutomationServer.Workflows;
using AutomationServer.Workflows.Descriptors;
using AutomationServer.Workflows.Journeys;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutomationServer.Audience;

public static class AudienceServiceCollectionExtensions
{
    /// <summary>
    /// Contacts, events, consent, segments and scoring, and the audience's journey activities. Call after AddWorkflowEngine (its
    /// activity registry receives <c>Audience.EventReceived</c>) and AddAutomationPersistence (the audience stores).
    /// </summary>
    /// <param name="configuration">The root configuration; the <c>Audience</c> section is read from it.</param>
    public static IServiceCollection AddAudience(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AudienceOptions>()
            .Bind(configuration.GetSection(AudienceOptions.SectionName))
            .Validate(o => o.ConfirmationLifetime > TimeSpan.Zero, "Audience:ConfirmationLifetime must be positive.")
            .Validate(o => string.IsNullOrWhiteSpace(o.DefaultPhoneRegion) || PhoneNumbers.PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(o.DefaultPhoneRegion.Trim().ToUpperInvariant()),
                "Audience:DefaultPhoneRegion must be an ISO 3166 region code such as DE or US.")
            .ValidateOnStart();

        var registry = services.GetActivityRegistry("AddAudience");
        if (registry.FindLatest(EventReceived.TypeName) is null)
        {
            registry.Register<EventReceived>();
        }

        if (registry.FindLatest(WaitForEvent.TypeName) is null)
        {
            registry.Register<WaitForEvent>();
        }

        // Exit and goal conditions of journeys, and the Where filters of the event activities, are audience rules.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IJourneyExitEvaluator, AudienceJourneyExitEvaluator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILiteralFormatChecker, WhereFilterFormat>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IdentityNormalizer>();
        services.TryAddSingleton<AttributeSchemaService>();
        services.TryAddSingleton<ContactService>();
        services.TryAddSingleton<ContactEventService>();
        services.TryAddSingleton<ConsentService>();
        services.TryAddSingleton<Privacy.PrivacyService>();
        services.TryAddSingleton<Vocabulary.AudienceVocabularyService>();
        services.AddAudienceSegments(configuration);
        services.AddAudienceDateTriggers(configuration);
        services.AddAudienceBroadcasts(configuration);
        services.AddAudienceScoring(configuration);
        return services;
    }
}
