using AutomationPlugins.Email.Configuration;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.OpenSsl;

namespace AutomationPlugins.Email.Composition;

/// <summary>
/// Signs messages of one sender profile with DKIM (RSA-SHA256, relaxed/relaxed). The key is read once; each
/// message gets its own signer, so concurrent sends sign in parallel.
/// </summary>
internal sealed class DkimSigning
{
    private readonly DkimOptions _options;
    private readonly string _settingPrefix;
    private readonly Func<CancellationToken, ValueTask<string?>>? _readSecret;
    private readonly IReadOnlyList<string> _headers;
    private AsymmetricKeyParameter? _key;

    private DkimSigning(DkimOptions options, string settingPrefix, AsymmetricKeyParameter? key, Func<CancellationToken, ValueTask<string?>>? readSecret)
    {
        _options = options;
        _settingPrefix = settingPrefix;
        _key = key;
        _readSecret = readSecret;
        _headers = options.EffectiveHeaders();
    }

    /// <summary>Signing with a key file, read and checked now so a bad key stops the plugin at start naming the setting.</summary>
    public static DkimSigning FromFile(DkimOptions options, string settingPrefix, string path)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{settingPrefix}:PrivateKeyPath: cannot read '{path}': {ex.Message}", ex);
        }

        return new DkimSigning(options, settingPrefix, ParseKey(pem, $"{settingPrefix}:PrivateKeyPath ('{path}')"), null);
    }

    /// <summary>Signing with a key from a plugin secret, read at the first send.</summary>
    public static DkimSigning FromSecret(DkimOptions options, string settingPrefix, Func<CancellationToken, ValueTask<string?>> readSecret) =>
        new(options, settingPrefix, null, readSecret);

    public async ValueTask SignAsync(MimeMessage message, string fromDomain, CancellationToken cancellationToken)
    {
        var key = _key ?? await LoadSecretKeyAsync(cancellationToken);
        var signer = new DkimSigner(key, _options.Domain?.Trim() ?? fromDomain, _options.Selector!.Trim(), DkimSignatureAlgorithm.RsaSha256)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };

        // The signature covers the bytes as sent: encodings are fixed first so no relay has to change them.
        message.Prepare(EncodingConstraint.SevenBit);
        var present = _headers.Where(h => message.Headers.Contains(h) || message.Body?.Headers.Contains(h) == true).ToList();
        signer.Sign(message, present);
    }

    private async ValueTask<AsymmetricKeyParameter> LoadSecretKeyAsync(CancellationToken cancellationToken)
    {
        var secretName = _options.PrivateKeySecret!.Trim();
        var pem = await _readSecret!(cancellationToken)
            ?? throw new EmailConfigurationException(
                $"{_settingPrefix}:PrivateKeySecret names the secret '{secretName}', but Plugins:email:Secrets:{secretName} is not configured.");
        var key = ParseKey(pem, $"the secret Plugins:email:Secrets:{secretName}");
        _key = key;
        return key;
    }

    private static AsymmetricKeyParameter ParseKey(string pem, string source)
    {
        object? read;
        try
        {
            using var reader = new StringReader(pem);
            read = new PemReader(reader).ReadObject();
        }
        catch (Exception ex) when (ex is IOException or PemException or ArgumentException or InvalidCastException)
        {
            throw new EmailConfigurationException($"{source} is not a PEM private key: {ex.Message}");
        }

        return read switch
        {
            AsymmetricCipherKeyPair pair when pair.Private is { IsPrivate: true } => pair.Private,
            AsymmetricKeyParameter { IsPrivate: true } key => key,
            _ => throw new EmailConfigurationException($"{source} holds no RSA private key (expected '-----BEGIN RSA PRIVATE KEY-----' or '-----BEGIN PRIVATE KEY-----')."),
        };
    }
}
