namespace AutomationServer.Audience.Persistence;

/// <summary>Table names and column sizes of the audience schema, shared by the model, the services' validation and raw SQL.</summary>
public static class AudienceTables
{
    public const string Contacts = "Contacts";
    public const string ContactIdentities = "ContactIdentities";
    public const string ContactAttributeDefinitions = "ContactAttributeDefinitions";
    public const string ContactAttributes = "ContactAttributes";
    public const string ContactTags = "ContactTags";
    public const string ContactEvents = "ContactEvents";
    public const string Segments = "Segments";
    public const string SegmentMemberships = "SegmentMemberships";
    public const string ContactConsents = "ContactConsents";
    public const string ConsentChanges = "ConsentChanges";
    public const string ConsentConfirmations = "ConsentConfirmations";
    public const string Suppressions = "Suppressions";
    public const string ContactErasures = "ContactErasures";
    public const string DateTriggerFirings = "DateTriggerFirings";
    public const string DateTriggerScans = "DateTriggerScans";

    /// <summary>Identity kinds (<c>external:&lt;system&gt;</c>), channels, attribute types.</summary>
    public const int KindLength = 64;

    /// <summary>Identity values and suppressed addresses: the longest e-mail address is 254 characters, external ids vary.</summary>
    public const int IdentityValueLength = 320;

    /// <summary>Attribute names, event names, tags, topics, lifecycle stages, time zones, segment ids.</summary>
    public const int NameLength = 128;

    /// <summary>
    /// String and list attribute values. Indexed with the attribute name, so it has to stay within SQL Server's
    /// 1,700-byte index key.
    /// </summary>
    public const int TextValueLength = 512;

    /// <summary>Display names, consent sources, suppression reasons.</summary>
    public const int DisplayLength = 256;

    /// <summary>Event idempotency keys.</summary>
    public const int IdempotencyKeyLength = 200;

    /// <summary>Stimulus hashes (128 bits as hex) and other short fingerprints.</summary>
    public const int KeyHashLength = 64;

    /// <summary>Hex SHA-256.</summary>
    public const int TokenHashLength = 64;

    /// <summary>decimal(28,8) for numbers and amounts.</summary>
    public const int DecimalPrecision = 28;

    public const int DecimalScale = 8;
}
