using AutomationServer.Sdk.Channels;
using AutomationServer.Sdk.Hosting;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutomationPlugins.Email.Bounces;

/// <summary>
/// Reads the unseen messages of the bounce mailbox, reports bounces and complaints through <see cref="IDeliveryEventSink"/>,
/// then files each message into the Processed or Unprocessed folder; nothing is deleted. A message is filed only after
/// its events were reported, so a crash in between reports it again on the next run, which the sink ignores.
/// </summary>
public sealed class ImapBouncePoller(
    IOptions<BounceMailboxSettings> settings,
    IDeliveryEventSink sink,
    IPluginSecrets<EmailPlugin> secrets,
    TimeProvider clock,
    ILogger<ImapBouncePoller> logger) : IPluginJob
{
    internal const string Section = "Plugins:email:Bounces:Imap";

    // A run that lasts longer than the schedule's interval must not be joined by the next one on the same node.
    private static readonly SemaphoreSlim Running = new(1, 1);

    private readonly ImapMailboxOptions _options = settings.Value.Bounces.Imap;

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        if (!await Running.WaitAsync(0, cancellationToken))
        {
            logger.LogInformation("The bounce mailbox is still being read by the previous run; this run is skipped");
            return;
        }

        try
        {
            await PollAsync(cancellationToken);
        }
        finally
        {
            Running.Release();
        }
    }

    /// <summary>One pass over the mailbox. Connection and server problems are logged and end the pass; the next run tries again.</summary>
    public async Task<BouncePollResult> PollAsync(CancellationToken cancellationToken)
    {
        var result = new BouncePollResult();
        if (!_options.Enabled)
        {
            return result;
        }

        var password = await PasswordAsync(cancellationToken);
        if (password is null)
        {
            logger.LogError("The bounce mailbox is not read: {Setting} names the secret Plugins:email:Secrets:{Secret}, which is not configured",
                $"{Section}:PasswordSecret", _options.PasswordSecret);
            result.Failure = "password not configured";
            return result;
        }

        using var client = new ImapClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        if (_options.AllowInvalidCertificate)
        {
            // A certificate must still be presented; its chain and name are not checked (a self-signed server).
            client.ServerCertificateValidationCallback = (_, _, _, errors) => (errors & System.Net.Security.SslPolicyErrors.RemoteCertificateNotAvailable) == 0;
        }

        var stage = "connecting to";
        try
        {
            await client.ConnectAsync(_options.Host!.Trim(), _options.EffectivePort(), SocketOptions(_options.Security), cancellationToken);
            stage = "logging in to";
            await client.AuthenticateAsync(_options.UserName!.Trim(), password, cancellationToken);
            stage = "reading";
            await ProcessAsync(client, result, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsMailboxProblem(ex))
        {
            logger.LogWarning(ex,
                "Failed {Stage} the bounce mailbox {Host}:{Port} as {UserName} (settings {Section}:Host, :Port, :Security, :UserName, :Password/:PasswordSecret, :Folder): {Error}. Retried at the next run",
                stage, _options.Host, _options.EffectivePort(), _options.UserName, Section, ex.Message);
            result.Failure = $"{stage} {_options.Host}:{_options.EffectivePort()}: {ex.Message}";
        }

        return result;
    }

    private async Task ProcessAsync(ImapClient client, BouncePollResult result, CancellationToken cancellationToken)
    {
        var inbox = _options.Folder.Trim().Equals("INBOX", StringComparison.OrdinalIgnoreCase)
            ? client.Inbox
            : await client.GetFolderAsync(_options.Folder.Trim(), cancellationToken);
        await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        var unseen = await inbox.SearchAsync(SearchQuery.NotSeen.And(SearchQuery.NotDeleted), cancellationToken);
        if (unseen.Count == 0)
        {
            return;
        }

        var processed = await FolderAsync(client, _options.ProcessedFolder.Trim(), cancellationToken);
        var unprocessed = await FolderAsync(client, _options.UnprocessedFolder.Trim(), cancellationToken);
        foreach (var uid in unseen.OrderBy(u => u.Id).Take(_options.BatchSize))
        {
            var message = await inbox.GetMessageAsync(uid, cancellationToken);
            var report = BounceReportParser.Parse(message);
            var (events, disposition) = BounceEvents.From(report, clock.GetUtcNow());
            foreach (var deliveryEvent in events)
            {
                await sink.ReportAsync(deliveryEvent, cancellationToken);
            }

            result.Reported += events.Count;
            if (disposition == BounceDisposition.Unprocessed)
            {
                logger.LogInformation("Bounce mailbox message {Uid} ({Kind}, about {OriginalMessageId}, subject {Subject}) is left for a person in {Folder}",
                    uid, report.Kind, report.OriginalMessageId ?? "no known message", message.Subject, _options.UnprocessedFolder);
                result.Unprocessed++;
            }
            else
            {
                result.Processed++;
            }

            await FileAsync(inbox, uid, disposition == BounceDisposition.Processed ? processed : unprocessed, markSeen: disposition == BounceDisposition.Processed, cancellationToken);
        }
    }

    /// <summary>Moves the message; where that is impossible, flags it \Seen so the next run passes over it.</summary>
    private async Task FileAsync(IMailFolder inbox, UniqueId uid, IMailFolder? destination, bool markSeen, CancellationToken cancellationToken)
    {
        if (markSeen || destination is null)
        {
            await inbox.StoreAsync(uid, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Seen) { Silent = true }, cancellationToken);
        }

        if (destination is null)
        {
            return;
        }

        try
        {
            await inbox.MoveToAsync(uid, destination, cancellationToken);
        }
        catch (ImapCommandException ex)
        {
            logger.LogWarning("Bounce mailbox message {Uid} cannot be moved to {Folder} ({Error}); it is flagged \\Seen instead", uid, destination.FullName, ex.Message);
            await inbox.StoreAsync(uid, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Seen) { Silent = true }, cancellationToken);
        }
    }

    /// <summary>A folder at the top of the personal namespace, created when missing; null when the server refuses to create it.</summary>
    private async Task<IMailFolder?> FolderAsync(ImapClient client, string name, CancellationToken cancellationToken)
    {
        var root = (client.PersonalNamespaces.Count > 0 ? client.GetFolder(client.PersonalNamespaces[0]) : client.Inbox.ParentFolder)
            ?? throw new FolderNotFoundException(name);
        try
        {
            return await root.GetSubfolderAsync(name, cancellationToken);
        }
        catch (FolderNotFoundException)
        {
        }

        try
        {
            var created = await root.CreateAsync(name, isMessageFolder: true, cancellationToken);
            logger.LogInformation("Created the folder {Folder} in the bounce mailbox", created?.FullName ?? name);
            return created;
        }
        catch (ImapCommandException ex)
        {
            logger.LogWarning("The bounce mailbox refused to create the folder {Folder} ({Error}); its messages are flagged \\Seen and stay where they are", name, ex.Message);
            return null;
        }
    }

    private async ValueTask<string?> PasswordAsync(CancellationToken cancellationToken) =>
        !string.IsNullOrEmpty(_options.Password) ? _options.Password : await secrets.GetAsync(_options.PasswordSecret!.Trim(), cancellationToken);

    private static SecureSocketOptions SocketOptions(ImapSecurity security) => security switch
    {
        ImapSecurity.None => SecureSocketOptions.None,
        ImapSecurity.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.SslOnConnect,
    };

    private static bool IsMailboxProblem(Exception ex) =>
        ex is IOException or System.Net.Sockets.SocketException or TimeoutException or OperationCanceledException
            or MailKit.Security.AuthenticationException or System.Security.Authentication.AuthenticationException
            or SslHandshakeException or ImapProtocolException or ImapCommandException or FolderNotFoundException
            or ServiceNotConnectedException or ServiceNotAuthenticatedException or ProtocolException;
}

/// <summary>What one pass over the bounce mailbox did.</summary>
public sealed class BouncePollResult
{
    /// <summary>Delivery events reported.</summary>
    public int Reported { get; set; }

    /// <summary>Messages filed into the Processed folder.</summary>
    public int Processed { get; set; }

    /// <summary>Messages filed into the Unprocessed folder.</summary>
    public int Unprocessed { get; set; }

    /// <summary>Why the pass ended early, or null.</summary>
    public string? Failure { get; set; }
}
