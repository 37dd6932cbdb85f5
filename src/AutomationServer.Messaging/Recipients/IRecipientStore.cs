using AutomationServer.Audience.Persistence;

namespace AutomationServer.Messaging.Recipients;

/// <summary>Loads what the send pipeline needs about a batch of contacts in a few queries, whatever the batch size.</summary>
public interface IRecipientStore
{
    /// <summary>The contacts that exist among <paramref name="contactIds"/>, with identities, attributes and tags.</summary>
    Task<IReadOnlyList<StoredContact>> LoadAsync(IReadOnlyCollection<Guid> contactIds, CancellationToken cancellationToken);
}
