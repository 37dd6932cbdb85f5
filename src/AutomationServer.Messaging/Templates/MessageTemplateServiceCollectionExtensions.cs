using AutomationServer.Messaging.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutomationServer.Messaging.Templates;

public static class MessageTemplateServiceCollectionExtensions
{
    /// <summary>
    /// Message templates: <see cref="MessageTemplateService"/>, <see cref="TemplatePreviewService"/>, the parsed-template
    /// cache and <see cref="TemplateMessageRenderer"/> as the pipeline's <see cref="IMessageRenderer"/>. The stores
    /// (<see cref="IMessageTemplateStore"/>, <see cref="IContactSegmentLookup"/>) come from <c>AddAutomationPersistence</c>.
    /// </summary>
    public static IServiceCollection AddMessageTemplates(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MessageTemplateCache>();
        services.TryAddSingleton<MessageTemplateService>();
        services.TryAddSingleton<TemplateMessageRenderer>();
        services.TryAddSingleton<IMessageRenderer>(sp => sp.GetRequiredService<TemplateMessageRenderer>());
        services.TryAddSingleton<TemplatePreviewService>();
        return services;
    }
}
