using AutomationPlugins.Email;
using AutomationPlugins.Email.Configuration;
using AutomationPlugins.Email.Senders;
using AutomationServer.Sdk.Channels;
using AutomationServer.Sdk.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace AutomationServer.Email.Tests.Support;

/// <summary>The email channel built from settings as under <c>Plugins:email</c>, with secrets from a dictionary.</summary>
public sealed class EmailTestHost : IAsyncDisposable
{
    private readonly SenderProfiles _profiles;

    public EmailTestHost(IDictionary<string, string?> settings, IReadOnlyDictionary<string, string>? secrets = null, string? contentRoot = null)
    {
        ContentRoot = contentRoot ?? Directory.CreateTempSubdirectory("as-email-").FullName;
        Options = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().Get<EmailOptions>() ?? new EmailOptions();
        var factory = new SenderProfileFactory(Options, ContentRoot);
        _profiles = factory.Create(new DictionarySecrets(secrets ?? new Dictionary<string, string>()), NullLoggerFactory.Instance);
        Channel = new EmailChannel(_profiles);
    }

    public string ContentRoot { get; }

    public EmailOptions Options { get; }

    public EmailChannel Channel { get; }

    internal SenderProfiles Profiles => _profiles;

    public static OutgoingMessage Message(string to = "ada@example.test", Guid? id = null, IReadOnlyDictionary<string, string>? headers = null) => new()
    {
        MessageId = id ?? Guid.NewGuid(),
        Channel = EmailChannel.Name,
        To = to,
        Subject = "Welcome, Ada",
        Body = "Hello Ada,\r\nthanks for signing up.",
        HtmlBody = "<p>Hello <b>Ada</b>, thanks for signing up.</p>",
        Headers = headers ?? new Dictionary<string, string>(),
    };

    public async ValueTask DisposeAsync()
    {
        await _profiles.DisposeAsync();
        try
        {
            Directory.Delete(ContentRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class DictionarySecrets(IReadOnlyDictionary<string, string> values) : IPluginSecrets<EmailPlugin>
    {
        public ValueTask<string?> GetAsync(string name, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(values.TryGetValue(name, out var value) ? value : null);
    }
}
