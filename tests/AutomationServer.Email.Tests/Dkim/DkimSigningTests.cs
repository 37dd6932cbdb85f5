using System.Security.Cryptography;
using AutomationServer.Email.Tests.Support;
using AutomationServer.Sdk.Channels;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;

namespace AutomationServer.Email.Tests.Dkim;

/// <summary>DKIM signatures that a verifier accepts with the public key a DNS record would publish.</summary>
public sealed class DkimSigningTests
{
    [Fact]
    public async Task A_message_signed_with_a_key_file_verifies_and_covers_the_unsubscribe_headers()
    {
        using var rsa = RSA.Create(2048);
        await using var host = new EmailTestHost(new Dictionary<string, string?>
        {
            ["Senders:default:From"] = "Acme <news@acme.test>",
            ["Senders:default:Dkim:Selector"] = "s2026",
            ["Senders:default:Dkim:PrivateKeyPath"] = "keys/dkim.pem",
        }, contentRoot: WithKeyFile(rsa.ExportRSAPrivateKeyPem()));
        var message = EmailTestHost.Message(headers: new Dictionary<string, string>
        {
            ["List-Unsubscribe"] = "<https://mail.acme.test/u/abc>",
            ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
        }) with { HtmlBody = "<p>Grüße aus Köln — ünïcödé</p>" };

        Assert.Equal(SendStatus.Sent, (await host.Channel.SendAsync(message, CancellationToken.None)).Status);

        var written = MimeMessage.Load(Path.Combine(host.ContentRoot, "data", "mail-pickup", $"{message.MessageId:N}.eml"));
        var signature = Assert.IsType<string>(written.Headers[HeaderId.DkimSignature]);
        Assert.Contains("d=acme.test", signature);
        Assert.Contains("s=s2026", signature);
        var signedHeaders = signature.Split(';').Select(t => t.Trim()).Single(t => t.StartsWith("h=", StringComparison.Ordinal));
        foreach (var header in new[] { "from", "to", "subject", "message-id", "list-unsubscribe", "list-unsubscribe-post" })
        {
            Assert.Contains(header, signedHeaders.ToLowerInvariant().Split(':', '=').Select(h => h.Trim()));
        }

        var verifier = new DkimVerifier(new FixedKeyLocator(rsa));
        Assert.True(await verifier.VerifyAsync(written, written.Headers[written.Headers.IndexOf(HeaderId.DkimSignature)]));

        written.Subject = "changed on the way";
        Assert.False(await verifier.VerifyAsync(written, written.Headers[written.Headers.IndexOf(HeaderId.DkimSignature)]));
    }

    [Fact]
    public async Task A_key_from_a_plugin_secret_signs_and_a_missing_one_is_retried_naming_the_setting()
    {
        using var rsa = RSA.Create(2048);
        var settings = new Dictionary<string, string?>
        {
            ["Senders:default:From"] = "news@acme.test",
            ["Senders:default:Dkim:Selector"] = "mail",
            ["Senders:default:Dkim:Domain"] = "mail.acme.test",
            ["Senders:default:Dkim:PrivateKeySecret"] = "DkimKey",
        };
        await using var withSecret = new EmailTestHost(settings, new Dictionary<string, string> { ["DkimKey"] = rsa.ExportPkcs8PrivateKeyPem() });
        await using var withoutSecret = new EmailTestHost(settings);
        var message = EmailTestHost.Message();

        var signed = await withSecret.Channel.SendAsync(message, CancellationToken.None);
        var unsigned = await withoutSecret.Channel.SendAsync(EmailTestHost.Message(), CancellationToken.None);

        Assert.Equal(SendStatus.Sent, signed.Status);
        var written = MimeMessage.Load(Path.Combine(withSecret.ContentRoot, "data", "mail-pickup", $"{message.MessageId:N}.eml"));
        Assert.Contains("d=mail.acme.test", written.Headers[HeaderId.DkimSignature]);
        Assert.True(await new DkimVerifier(new FixedKeyLocator(rsa)).VerifyAsync(written, written.Headers[written.Headers.IndexOf(HeaderId.DkimSignature)]));
        Assert.Equal(SendStatus.RetryLater, unsigned.Status);
        Assert.Contains("Plugins:email:Senders:default:Dkim:PrivateKeySecret", unsigned.Error);
        Assert.Empty(Directory.Exists(Path.Combine(withoutSecret.ContentRoot, "data", "mail-pickup"))
            ? Directory.GetFiles(Path.Combine(withoutSecret.ContentRoot, "data", "mail-pickup")) : []);
    }

    [Fact]
    public void A_key_file_that_is_not_a_key_stops_the_plugin_naming_the_setting()
    {
        var root = WithKeyFile("-----BEGIN PUBLIC KEY-----\nnot really\n-----END PUBLIC KEY-----\n");

        var error = Assert.ThrowsAny<InvalidOperationException>(() => new EmailTestHost(new Dictionary<string, string?>
        {
            ["Senders:default:Dkim:Selector"] = "s1",
            ["Senders:default:Dkim:PrivateKeyPath"] = "keys/dkim.pem",
        }, contentRoot: root));

        Assert.Contains("Plugins:email:Senders:default:Dkim:PrivateKeyPath", error.Message);
        Directory.Delete(root, recursive: true);
    }

    private static string WithKeyFile(string pem)
    {
        var root = Directory.CreateTempSubdirectory("as-email-dkim-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "keys"));
        File.WriteAllText(Path.Combine(root, "keys", "dkim.pem"), pem);
        return root;
    }

    /// <summary>Answers every DNS question with the test key, as <c>&lt;selector&gt;._domainkey.&lt;domain&gt;</c> would.</summary>
    private sealed class FixedKeyLocator(RSA rsa) : IDkimPublicKeyLocator
    {
        private readonly AsymmetricKeyParameter _key = PublicKeyFactory.CreateKey(rsa.ExportSubjectPublicKeyInfo());

        public AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) => _key;

        public Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(_key);
    }
}
