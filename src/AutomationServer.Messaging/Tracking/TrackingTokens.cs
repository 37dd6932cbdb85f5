using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace AutomationServer.Messaging.Tracking;

/// <summary>
/// Signs and checks tracking tokens: the fields of a <see cref="TrackingToken"/> in a compact binary form followed by
/// an HMAC-SHA256 tag over all of them (truncated to 128 bits, RFC 2104 section 5), URL-safe base64 without padding.
/// The tag covers the purpose and the exact click target, so changing any byte (another URL, another message) fails the
/// check: the click endpoint can only redirect where a message of ours pointed.
/// </summary>
public sealed class TrackingTokens
{
    public const int MaxTargetUrlLength = 4000;

    /// <summary>Longer text is refused before decoding: no real token is this long.</summary>
    public const int MaxTokenLength = 6000;

    private const byte Version = 1;
    private const int TagBytes = 16;
    private const byte HasMessage = 1, HasContact = 2, HasExpiry = 4, HasTarget = 8;

    private readonly Func<byte[]> _key;

    public TrackingTokens(TrackingSigningKey key) => _key = () => key.Key;

    /// <summary>With a fixed key (tests, tools).</summary>
    public TrackingTokens(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < EmailTrackingOptionsValidator.MinimumKeyBytes)
        {
            throw new ArgumentException($"The key has {key.Length} bytes; at least {EmailTrackingOptionsValidator.MinimumKeyBytes} are needed.", nameof(key));
        }

        var copy = key.ToArray();
        _key = () => copy;
    }

    public string Create(TrackingToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!Enum.IsDefined(token.Purpose))
        {
            throw new ArgumentException($"Unknown purpose {token.Purpose}.", nameof(token));
        }

        if (token.TargetUrl is { Length: > MaxTargetUrlLength })
        {
            throw new ArgumentException($"The target URL is {token.TargetUrl.Length} characters long; at most {MaxTargetUrlLength} can be signed.", nameof(token));
        }

        var payload = new List<byte>(64) { Version, (byte)token.Purpose, 0 };
        byte flags = 0;
        if (token.MessageId is { } messageId)
        {
            flags |= HasMessage;
            payload.AddRange(messageId.ToByteArray());
        }

        if (token.ContactId is { } contactId)
        {
            flags |= HasContact;
            payload.AddRange(contactId.ToByteArray());
        }

        if (token.ExpiresAt is { } expiresAt)
        {
            flags |= HasExpiry;
            var seconds = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(seconds, expiresAt.ToUnixTimeSeconds());
            payload.AddRange(seconds);
        }

        if (token.TargetUrl is { } target)
        {
            flags |= HasTarget;
            payload.AddRange(Encoding.UTF8.GetBytes(target));
        }

        payload[2] = flags;
        var body = payload.ToArray();
        var tag = HMACSHA256.HashData(_key(), body).AsSpan(0, TagBytes);
        return Base64Url.EncodeToString([.. body, .. tag]);
    }

    /// <summary>Checks the signature, the purpose and the expiry (against <paramref name="now"/>).</summary>
    public TrackingTokenCheck Read(string? text, TrackingPurpose expected, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxTokenLength || !Base64Url.IsValid(text))
        {
            return TrackingTokenCheck.Invalid;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return TrackingTokenCheck.Invalid;
        }

        if (bytes.Length < 3 + TagBytes)
        {
            return TrackingTokenCheck.Invalid;
        }

        var body = bytes.AsSpan(0, bytes.Length - TagBytes);
        var expectedTag = HMACSHA256.HashData(_key(), body).AsSpan(0, TagBytes);
        if (!CryptographicOperations.FixedTimeEquals(expectedTag, bytes.AsSpan(bytes.Length - TagBytes)))
        {
            return TrackingTokenCheck.Invalid;
        }

        // Signed by us, so the layout is ours; still checked, so a token of a later format version is refused rather than misread.
        if (body[0] != Version || body[1] != (byte)expected)
        {
            return TrackingTokenCheck.Invalid;
        }

        var flags = body[2];
        var rest = body[3..];
        Guid? messageId = null, contactId = null;
        DateTimeOffset? expiresAt = null;
        string? target = null;
        if ((flags & HasMessage) != 0)
        {
            if (rest.Length < 16)
            {
                return TrackingTokenCheck.Invalid;
            }

            messageId = new Guid(rest[..16]);
            rest = rest[16..];
        }

        if ((flags & HasContact) != 0)
        {
            if (rest.Length < 16)
            {
                return TrackingTokenCheck.Invalid;
            }

            contactId = new Guid(rest[..16]);
            rest = rest[16..];
        }

        if ((flags & HasExpiry) != 0)
        {
            if (rest.Length < 8)
            {
                return TrackingTokenCheck.Invalid;
            }

            expiresAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(rest[..8]));
            rest = rest[8..];
        }

        if ((flags & HasTarget) != 0)
        {
            target = Encoding.UTF8.GetString(rest);
            rest = [];
        }

        if (rest.Length != 0)
        {
            return TrackingTokenCheck.Invalid;
        }

        var token = new TrackingToken(expected, messageId, contactId, target, expiresAt);
        return expiresAt is { } expiry && expiry <= now
            ? new TrackingTokenCheck(TrackingTokenStatus.Expired, token)
            : new TrackingTokenCheck(TrackingTokenStatus.Valid, token);
    }
}
