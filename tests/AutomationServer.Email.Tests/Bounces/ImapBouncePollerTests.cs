using AutomationPlugins.Email;
using AutomationPlugins.Email.Bounces;
using AutomationServer.Sdk.Channels;
using AutomationServer.Sdk.Hosting;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static AutomationServer.Email.Tests.Bounces.BounceFixtures;

namespace AutomationServer.Email.Tests.Bounces;

/// <summary>The poller against a real dovecot: reports, filing into Processed / Unprocessed, and runs that find nothing new.</summary>
public sealed class ImapBouncePollerTests
{
    private const string PasswordSecret = "BounceMailboxPassword";

    [DovecotFact]
    public async Task Reports_bounces_and_complaints_once_and_files_every_message()
    {
        await using var dovecot = await Dovecot.StartAsync();
        var (hard, complaint, soft, delayed, away, plain) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await AppendAsync(dovecot, PostfixUserUnknown(hard), ArfAbuse(complaint), GmailMailboxFull(soft), PostfixDelayed(delayed), OutOfOffice(away),
            ForeignDsn(), PersonalMail(), QmailFailureNotice(plain));
        await AppendAsync(dovecot, seen: true, PersonalMail().Replace("person-1@", "read-already@", StringComparison.Ordinal));
        var sink = new RecordingSink();

        var first = await Poller(dovecot, sink).PollAsync(CancellationToken.None);

        Assert.Null(first.Failure);
        Assert.Equal((3, 5, 3), (first.Reported, first.Processed, first.Unprocessed));
        Assert.Collection(sink.Events,
            e => Assert.Equal((DeliveryEventKind.Bounced, hard, (BounceType?)BounceType.Hard), (e.Kind, e.MessageId!.Value, e.Bounce)),
            e => Assert.Equal((DeliveryEventKind.Complained, complaint, "abuse"), (e.Kind, e.MessageId!.Value, e.Detail)),
            e => Assert.Equal((DeliveryEventKind.Bounced, soft, (BounceType?)BounceType.Soft), (e.Kind, e.MessageId!.Value, e.Bounce)));
        Assert.StartsWith("5.1.1 550 5.1.1", sink.Events[0].Detail, StringComparison.Ordinal);
        Assert.All(sink.Events, e => Assert.Equal("email", e.Channel));

        var folders = await ReadFoldersAsync(dovecot);
        Assert.Equal(["Personal mail read-already"], folders["INBOX"].Select(m => Describe(m)));
        Assert.Equal(
            new[] { OurMessageId(hard), OurMessageId(complaint), OurMessageId(soft), OurMessageId(delayed), OurMessageId(away) }.Order(),
            folders["Processed"].Select(m => m.AboutMessageId).Order());
        Assert.All(folders["Processed"], m => Assert.True(m.Seen));
        Assert.Equal(3, folders["Unprocessed"].Count);
        Assert.All(folders["Unprocessed"], m => Assert.False(m.Seen));

        var second = await Poller(dovecot, sink).PollAsync(CancellationToken.None);

        Assert.Equal((0, 0, 0), (second.Reported, second.Processed, second.Unprocessed));
        Assert.Equal(3, sink.Events.Count);

        var later = Guid.NewGuid();
        await AppendAsync(dovecot, ExchangeRecipientNotFound(later));
        var third = await Poller(dovecot, sink).PollAsync(CancellationToken.None);

        Assert.Equal((1, 1, 0), (third.Reported, third.Processed, third.Unprocessed));
        Assert.Equal(later, sink.Events[^1].MessageId);
    }

    [DovecotFact]
    public async Task A_message_whose_report_failed_stays_unseen_and_is_reported_by_the_next_run()
    {
        await using var dovecot = await Dovecot.StartAsync();
        var id = Guid.NewGuid();
        await AppendAsync(dovecot, PostfixUserUnknown(id));
        var failing = new RecordingSink { FailNext = true };

        await Assert.ThrowsAsync<InvalidOperationException>(() => Poller(dovecot, failing).PollAsync(CancellationToken.None));

        var folders = await ReadFoldersAsync(dovecot);
        Assert.False(Assert.Single(folders["INBOX"]).Seen);

        var result = await Poller(dovecot, failing).PollAsync(CancellationToken.None);

        Assert.Equal((1, 1), (result.Reported, result.Processed));
        Assert.Equal(id, Assert.Single(failing.Events).MessageId);
    }

    [DovecotFact]
    public async Task A_wrong_password_is_logged_and_changes_nothing()
    {
        await using var dovecot = await Dovecot.StartAsync();
        await AppendAsync(dovecot, PostfixUserUnknown(Guid.NewGuid()));
        var sink = new RecordingSink();

        var result = await Poller(dovecot, sink, password: "wrong").PollAsync(CancellationToken.None);

        Assert.NotNull(result.Failure);
        Assert.StartsWith("logging in to 127.0.0.1:", result.Failure, StringComparison.Ordinal);
        Assert.Empty(sink.Events);
        Assert.False(Assert.Single((await ReadFoldersAsync(dovecot))["INBOX"]).Seen);
    }

    [Fact]
    public async Task An_unreachable_server_ends_the_run_without_an_exception()
    {
        var sink = new RecordingSink();
        var poller = Poller(new ImapMailboxOptions
        {
            Host = "127.0.0.1", Port = Support.SmtpSink.FreePort(), Security = ImapSecurity.None, UserName = Dovecot.UserName, PasswordSecret = PasswordSecret,
            Timeout = TimeSpan.FromSeconds(5),
        }, sink, Dovecot.Password);

        await poller.ExecuteAsync(CancellationToken.None);
        var result = await poller.PollAsync(CancellationToken.None);

        Assert.StartsWith("connecting to 127.0.0.1:", result.Failure, StringComparison.Ordinal);
        Assert.Empty(sink.Events);
    }

    [Fact]
    public async Task A_missing_password_secret_is_named()
    {
        var poller = Poller(new ImapMailboxOptions { Host = "127.0.0.1", Port = 1, UserName = "x", PasswordSecret = "Nowhere" }, new RecordingSink(), password: null);

        var result = await poller.PollAsync(CancellationToken.None);

        Assert.Equal("password not configured", result.Failure);
    }

    private static ImapBouncePoller Poller(Dovecot dovecot, RecordingSink sink, string password = Dovecot.Password) => Poller(new ImapMailboxOptions
    {
        Host = "127.0.0.1",
        Port = dovecot.Port,
        Security = ImapSecurity.None,
        UserName = Dovecot.UserName,
        PasswordSecret = PasswordSecret,
        BatchSize = 50,
        Timeout = TimeSpan.FromSeconds(20),
    }, sink, password);

    private static ImapBouncePoller Poller(ImapMailboxOptions imap, RecordingSink sink, string? password) => new(
        Options.Create(new BounceMailboxSettings { Bounces = new BounceOptions { Imap = imap } }),
        sink,
        new Secrets(password is null ? [] : new Dictionary<string, string> { [PasswordSecret] = password }),
        TimeProvider.System,
        NullLogger<ImapBouncePoller>.Instance);

    private static Task AppendAsync(Dovecot dovecot, params string[] messages) => AppendAsync(dovecot, false, messages);

    private static async Task AppendAsync(Dovecot dovecot, bool seen, params string[] messages)
    {
        using var client = await ConnectAsync(dovecot);
        foreach (var message in messages)
        {
            await client.Inbox.AppendAsync(new AppendRequest(Parse(message), seen ? MessageFlags.Seen : MessageFlags.None));
        }

        await client.DisconnectAsync(true);
    }

    private static async Task<Dictionary<string, List<StoredMessage>>> ReadFoldersAsync(Dovecot dovecot)
    {
        using var client = await ConnectAsync(dovecot);
        var result = new Dictionary<string, List<StoredMessage>>(StringComparer.Ordinal);
        var root = client.GetFolder(client.PersonalNamespaces[0]);
        foreach (var folder in new[] { client.Inbox }.Concat(await root.GetSubfoldersAsync()).DistinctBy(f => f.FullName))
        {
            await folder.OpenAsync(FolderAccess.ReadOnly);
            var stored = new List<StoredMessage>();
            foreach (var uid in await folder.SearchAsync(SearchQuery.NotDeleted))
            {
                var message = await folder.GetMessageAsync(uid);
                var summary = (await folder.FetchAsync([uid], MessageSummaryItems.Flags)).Single();
                var report = BounceReportParser.Parse(message);
                stored.Add(new StoredMessage(message.Subject, message.MessageId, report.OriginalMessageId, summary.Flags!.Value.HasFlag(MessageFlags.Seen)));
            }

            result[folder.FullName] = stored;
            await folder.CloseAsync();
        }

        return result;
    }

    private static string Describe(StoredMessage message) => $"Personal mail {message.MessageId?.Split('@')[0]}";

    private static async Task<ImapClient> ConnectAsync(Dovecot dovecot)
    {
        var client = new ImapClient { Timeout = 20_000 };
        await client.ConnectAsync("127.0.0.1", dovecot.Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(Dovecot.UserName, Dovecot.Password);
        return client;
    }

    private sealed record StoredMessage(string? Subject, string? MessageId, string? AboutMessageId, bool Seen);

    private sealed class RecordingSink : IDeliveryEventSink
    {
        public List<DeliveryEvent> Events { get; } = [];

        public bool FailNext { get; set; }

        public ValueTask ReportAsync(DeliveryEvent deliveryEvent, CancellationToken cancellationToken)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("The database is down.");
            }

            Events.Add(deliveryEvent);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Secrets(IReadOnlyDictionary<string, string> values) : IPluginSecrets<EmailPlugin>
    {
        public ValueTask<string?> GetAsync(string name, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(values.TryGetValue(name, out var value) ? value : null);
    }
}
