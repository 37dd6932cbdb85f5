using System.Text.Json;
using System.Text.Json.Nodes;

namespace AutomationServer.Audience.Contacts;

/// <summary>An identity as the API takes and shows it: kind (<c>email</c>, <c>phone</c>, <c>anonymous</c>, <c>external:&lt;system&gt;</c>) and value.</summary>
public sealed record IdentityInput(string? Kind, string? Value);

/// <summary>
/// A contact as the API takes it. For create and replace every field is the new state; for upsert and identify
/// omitted fields keep their value, given attributes overwrite (null removes one) and tags are added.
/// </summary>
public sealed record ContactInput(
    IReadOnlyList<IdentityInput>? Identities,
    string? TimeZone = null,
    string? Locale = null,
    string? LifecycleStage = null,
    int? Score = null,
    bool? DoNotContact = null,
    IReadOnlyDictionary<string, JsonElement>? Attributes = null,
    IReadOnlyList<string>? Tags = null);

/// <summary>A known contact identifying itself: the visitor's anonymous id is merged into the contact the identities name.</summary>
public sealed record IdentifyInput(
    string? AnonymousId,
    IReadOnlyList<IdentityInput>? Identities,
    string? TimeZone = null,
    string? Locale = null,
    string? LifecycleStage = null,
    int? Score = null,
    bool? DoNotContact = null,
    IReadOnlyDictionary<string, JsonElement>? Attributes = null,
    IReadOnlyList<string>? Tags = null);

public sealed record IdentityView(string Kind, string Value);

public sealed record ContactView(
    Guid Id,
    IReadOnlyList<IdentityView> Identities,
    string? TimeZone,
    string? Locale,
    string? LifecycleStage,
    int Score,
    bool DoNotContact,
    IReadOnlyDictionary<string, JsonNode?> Attributes,
    IReadOnlyList<string> Tags,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Revision);

public sealed record UpsertResult(Guid ContactId, bool Created, IReadOnlyList<Guid> MergedContactIds);

public sealed record ContactSearch(
    string? IdentityKind,
    string? IdentityValue,
    string? Tag,
    string? AttributeName,
    string? AttributeValue,
    int Skip = 0,
    int Take = 50);

public sealed record ContactSearchResult(IReadOnlyList<ContactView> Items, int Total, int Skip, int Take);

public sealed record AttributeDefinitionInput(string? Name, string? Type, string? DisplayName);

public sealed record AttributeDefinitionView(string Name, string Type, string? DisplayName, DateTime CreatedAt);
