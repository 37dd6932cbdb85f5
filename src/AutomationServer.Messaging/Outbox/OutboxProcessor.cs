using AutomationServer.Messaging.Policies;
using AutomationServer.Messaging.Recipients;
using AutomationServer.Messaging.Rendering;
using AutomationServer.Sdk.Channels;
using AutomationServer.Workflows.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutomationServer.Messaging.Outbox;

/// <summary>
/// One round of the send pipeline: claim due messages with a lease, load their recipients, ask the send policy about all of
/// them at once, render, decorate and hand the allowed ones to their channels (several at a time), and record every
/// outcome in one write. Once a batch is claimed it is always finished and recorded, even when the host is stopping,
/// so that a stop never leaves a message sent but unrecorded.
/// </summary>
public sealed class OutboxProcessor(
    IMessageStore store,
    IRecipientDirectory recipients,
    IEnumerable<ISendPolicy> policies,
    IEnumerable<IMessageRenderer> renderers,
    IEnumerable<IMessageDecorator> decorators,
    IMessageSender sender,
    MessageTimeline timeline,
    IDeliveryEventSink deliveryEvents,
    IOptions<DispatchOptions> dispatchOptions,
    IOptions<RetryOptions> retryOptions,
    IOptions<MessagingOptions> messagingOptions,
    TimeProvider time,
    ILogger<OutboxProcessor> logger)
{
    /// <summary>Time kept free at the end of a lease, so an outcome is written before another node may claim the message.</summary>
    public static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(5);

    private readonly ISendPolicy? _policy = policies.LastOrDefault();
    private readonly IMessageRenderer? _renderer = renderers.LastOrDefault();
    private readonly IMessageDecorator[] _decorators = decorators.ToArray();

    /// <summary>What the pipeline lacks to run (no policy or renderer registered); null when complete.</summary>
    public string? MissingParts => (_policy, _renderer) switch
    {
        (null, null) => $"no {nameof(ISendPolicy)} and no {nameof(IMessageRenderer)} are registered",
        (null, _) => $"no {nameof(ISendPolicy)} is registered",
        (_, null) => $"no {nameof(IMessageRenderer)} is registered",
        _ => null,
    };

    /// <summary>Claims and processes one batch. Returns how many messages it claimed (0: nothing was due).</summary>
    /// <param name="cancellationToken">Stops the claim only; a claimed batch is finished regardless.</param>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        if (MissingParts is { } missing)
        {
            throw new InvalidOperationException($"The send pipeline cannot run: {missing}.");
        }

        var options = dispatchOptions.Value;
        var claimedAt = time.GetUtcNow();
        var leaseId = Guid.NewGuid();
        var leasedUntil = claimedAt + options.LeaseDuration;
        cancellationToken.ThrowIfCancellationRequested();
        var claimStarted = time.GetTimestamp();
        // Not cancellable once started: a claim committed but never read would hold its messages until the lease ends.
        var claimed = await store.ClaimDueAsync(claimedAt.UtcDateTime, leasedUntil.UtcDateTime, leaseId, options.BatchSize, CancellationToken.None);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var phases = new DispatchPhases(time, time.GetTimestamp() - claimStarted);
        var work = claimed.Select(row => new Work(row)).ToList();
        var recorded = new EarlyOutcomes(this, leaseId, options.Concurrency);
        await ProcessAsync(work, leasedUntil - messagingOptions.Value.SendTimeout - LeaseMargin, options.Concurrency, recorded, phases);
        await FinishAsync(leaseId, work, recorded, phases);
        return claimed.Count;
    }

    private async Task ProcessAsync(List<Work> work, DateTimeOffset lastSendStart, int concurrency, EarlyOutcomes recorded, DispatchPhases phases)
    {
        var now = time.GetUtcNow();
        foreach (var item in work)
        {
            ReadRequest(item, now);
        }

        await LoadRecipientsAsync(work, now);
        phases.Mark("recipients");
        await DecideAsync(work, now);
        phases.Mark("policy");
        var allowed = work.Where(w => w.Outcome is null).ToList();
        await Parallel.ForEachAsync(allowed, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (item, _) =>
        {
            if (time.GetUtcNow() > lastSendStart)
            {
                // Too late in the lease for a send to finish before another node may claim the message: give it back untouched.
                item.Outcome = new MessageOutcome(item.Row.Id, MessageState.Queued, item.Row.Attempts, item.Row.DueAt)
                {
                    ReasonCode = item.Row.ReasonCode,
                    Reason = item.Row.Reason,
                };
                return;
            }

            await SendAsync(item, phases);
            await recorded.AddAsync(item.Outcome!);
        });
        phases.Mark("render+send");
    }

    private static void ReadRequest(Work item, DateTimeOffset now)
    {
        try
        {
            item.Request = MessageRequestJson.Deserialize(item.Row.Request);
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or NotSupportedException or ArgumentException)
        {
            item.Outcome = Failed(item, now, "invalid_request", $"The stored message request cannot be read: {exception.Message}", item.Row.Attempts);
        }
    }

    private async Task LoadRecipientsAsync(List<Work> work, DateTimeOffset now)
    {
        foreach (var channel in work.Where(w => w.Outcome is null && w.Row.ContactId is not null).GroupBy(w => w.Row.Channel, StringComparer.OrdinalIgnoreCase))
        {
            var found = await recipients.GetAsync(channel.Select(w => w.Row.ContactId!.Value).ToHashSet(), channel.Key, CancellationToken.None);
            foreach (var item in channel)
            {
                if (found.TryGetValue(item.Row.ContactId!.Value, out var recipient))
                {
                    item.Recipient = recipient;
                }
                else
                {
                    item.Outcome = Skipped(item, now, "contact_erased", "The contact no longer exists (erased, or merged into another contact).");
                }
            }
        }

        foreach (var item in work.Where(w => w.Outcome is null))
        {
            if (!string.IsNullOrWhiteSpace(item.Request!.To))
            {
                // An explicit address wins over the contact's; without a contact it is all the pipeline knows.
                item.Recipient = (item.Recipient ?? new Recipient()) with { Address = item.Request.To.Trim() };
            }
            else
            {
                item.Recipient ??= new Recipient();
            }
        }
    }

    private async Task DecideAsync(List<Work> work, DateTimeOffset now)
    {
        var candidates = work.Where(w => w.Outcome is null).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var decisions = await _policy!.DecideAsync(
            candidates.Select(w => new PolicyCandidate(w.Row.Id, w.Row.Channel, w.Request!.Purpose, w.Request.Topic, w.Recipient!) { CreatedAt = new DateTimeOffset(w.Row.CreatedAt, TimeSpan.Zero) }).ToList(),
            now, CancellationToken.None);
        if (decisions.Count != candidates.Count)
        {
            throw new InvalidOperationException($"The send policy answered {decisions.Count} decisions for {candidates.Count} messages.");
        }

        var earliestRetry = now + dispatchOptions.Value.PollInterval;
        for (var i = 0; i < candidates.Count; i++)
        {
            var item = candidates[i];
            var decision = decisions[i];
            switch (decision.Verdict)
            {
                case PolicyVerdict.Skip:
                    item.Outcome = Skipped(item, now, decision.ReasonCode ?? "policy", decision.Reason ?? "A send policy refused the message.");
                    break;
                case PolicyVerdict.Defer:
                    var until = decision.DeferUntil is { } later && later > earliestRetry ? later : earliestRetry;
                    item.Outcome = new MessageOutcome(item.Row.Id, MessageState.Deferred, item.Row.Attempts, until.UtcDateTime)
                    {
                        ReasonCode = decision.ReasonCode ?? "policy",
                        Reason = Limit(decision.Reason ?? $"Held back until {until:u}.", 1000),
                    };
                    break;
                default:
                    if (string.IsNullOrWhiteSpace(item.Recipient!.Address))
                    {
                        item.Outcome = Skipped(item, now, "no_address",
                            $"The contact has no address for channel '{item.Row.Channel}' ({ChannelAddresses.IdentityKindFor(item.Row.Channel) ?? "contact id"}).");
                    }

                    break;
            }
        }
    }

    private async Task SendAsync(Work item, DispatchPhases phases)
    {
        var request = item.Request!;
        var recipient = item.Recipient!;
        RenderedMessage rendered;
        var renderStarted = time.GetTimestamp();
        try
        {
            rendered = await _renderer!.RenderAsync(item.Row.Id, request, recipient, CancellationToken.None);
            foreach (var decorator in _decorators)
            {
                rendered = decorator.Decorate(item.Row.Id, item.Row.Channel, request, recipient, rendered);
            }
        }
        catch (MessageRenderException exception)
        {
            item.Outcome = Failed(item, time.GetUtcNow(), "render", exception.Message, item.Row.Attempts);
            return;
        }
        catch (Exception exception)
        {
            // Not the content's fault (a template store that did not answer, say): worth another try.
            logger.LogWarning(exception, "Rendering message {MessageId} failed; it is retried", item.Row.Id);
            item.Outcome = RetryLater(item, time.GetUtcNow(), $"Rendering failed: {exception.GetType().Name}: {exception.Message}");
            return;
        }

        phases.AddRender(time.GetTimestamp() - renderStarted);
        var headers = new Dictionary<string, string>(rendered.Headers, StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(rendered.ReplyTo ?? request.ReplyTo))
        {
            headers.TryAdd("Reply-To", (rendered.ReplyTo ?? request.ReplyTo)!);
        }

        item.Subject = rendered.Subject;
        var outgoing = new OutgoingMessage
        {
            MessageId = item.Row.Id,
            Channel = item.Row.Channel,
            To = recipient.Address!,
            From = rendered.From ?? request.From,
            Subject = rendered.Subject,
            Body = rendered.TextBody,
            HtmlBody = rendered.HtmlBody,
            Headers = headers,
            ContactId = item.Row.ContactId?.ToString("D"),
            WorkflowInstanceId = item.Row.InstanceId,
            Attempt = item.Row.Attempts,
        };

        // No cancellation: a send that started is waited for (MessageSender bounds it by the send timeout) and recorded.
        var result = await sender.SendAsync(outgoing, CancellationToken.None);
        var now = time.GetUtcNow();
        item.Outcome = result.Status switch
        {
            SendStatus.Sent => new MessageOutcome(item.Row.Id, MessageState.Sent, item.Row.Attempts + 1, item.Row.DueAt)
            {
                SentAt = now.UtcDateTime,
                ProviderMessageId = Limit(result.ProviderMessageId, 256),
                Recipient = Limit(recipient.Address, 320),
                Subject = Limit(rendered.Subject, 1000),
            },
            SendStatus.Failed => Failed(item, now, "permanent", result.Error ?? "The channel refused the message.", item.Row.Attempts + 1),
            _ => RetryLater(item, now, result.Error ?? "The channel asked to try again later."),
        };
    }

    private MessageOutcome RetryLater(Work item, DateTimeOffset now, string error)
    {
        var retry = retryOptions.Value;
        var attempts = item.Row.Attempts + 1;
        if (attempts >= retry.MaxAttempts)
        {
            return Failed(item, now, "transient", $"Transient failures exhausted after {attempts} attempts; last: {error}", attempts);
        }

        var due = now + retry.DelayAfter(attempts);
        return new MessageOutcome(item.Row.Id, MessageState.Deferred, attempts, due.UtcDateTime)
        {
            ReasonCode = "transient",
            Reason = Limit($"Attempt {attempts} failed; retrying at {due:u}: {error}", 1000),
            Recipient = Limit(item.Recipient?.Address, 320),
            Subject = Limit(item.Subject, 1000),
        };
    }

    private static MessageOutcome Skipped(Work item, DateTimeOffset now, string code, string reason) =>
        new(item.Row.Id, MessageState.Skipped, item.Row.Attempts, now.UtcDateTime) { ReasonCode = Limit(code, 64), Reason = Limit(reason, 1000) };

    private static MessageOutcome Failed(Work item, DateTimeOffset now, string code, string reason, int attempts)
    {
        item.ReportFailure = true;
        return new MessageOutcome(item.Row.Id, MessageState.Failed, attempts, now.UtcDateTime)
        {
            ReasonCode = code,
            Reason = Limit(reason, 1000),
            Recipient = Limit(item.Recipient?.Address, 320),
            Subject = Limit(item.Subject, 1000),
        };
    }

    private async Task FinishAsync(Guid leaseId, List<Work> work, EarlyOutcomes recorded, DispatchPhases phases)
    {
        var outcomes = work.Select(w => w.Outcome!).ToList();
        var written = new HashSet<Guid>(await recorded.FlushAsync());
        written.UnionWith(await RecordAsync(leaseId, outcomes.Where(o => !recorded.Attempted.Contains(o.MessageId)).ToList()));
        phases.Mark("outcomes");
        if (written.Count < outcomes.Count)
        {
            logger.LogWarning("{Lost} of {Count} outcomes were not recorded: the lease ran out and another dispatcher claimed those messages",
                outcomes.Count - written.Count, outcomes.Count);
        }

        try
        {
            var sent = work.Where(w => w.Outcome!.State == MessageState.Sent && w.Row.ContactId is not null && written.Contains(w.Row.Id))
                .Select(w => new MessageTimelineEntry(w.Row.ContactId!.Value, w.Row.Id, w.Row.Channel, "sent", w.Outcome!.SentAt!.Value))
                .ToList();
            await timeline.WriteAsync(sent, CancellationToken.None);
            phases.Mark("timeline");
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Writing the sent events of a dispatch batch to contact timelines failed; the messages themselves are recorded");
        }

        foreach (var item in work.Where(w => w.ReportFailure && written.Contains(w.Row.Id)))
        {
            try
            {
                await deliveryEvents.ReportAsync(new DeliveryEvent
                {
                    Channel = item.Row.Channel,
                    Kind = DeliveryEventKind.Failed,
                    MessageId = item.Row.Id,
                    OccurredAt = new DateTimeOffset(item.Outcome!.DueAt, TimeSpan.Zero),
                    Detail = item.Outcome.Reason,
                }, CancellationToken.None);
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Reporting the failure of message {MessageId} failed", item.Row.Id);
            }
        }

        if (logger.IsEnabled(LogLevel.Debug))
        {
            phases.Mark("failures");
            logger.LogDebug("Dispatch batch of {Count}: {Summary}; ms {Phases}", work.Count,
                string.Join(", ", work.GroupBy(w => w.Outcome!.State).Select(g => $"{g.Count()} {g.Key}")), phases);
        }
    }

    /// <summary>
    /// Sends have happened: losing their outcomes would send them again after the lease, so a failed write is tried again
    /// a few times before giving up.
    /// </summary>
    private async Task<IReadOnlySet<Guid>> RecordAsync(Guid leaseId, List<MessageOutcome> outcomes)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await store.RecordOutcomesAsync(leaseId, outcomes, time.GetUtcNow().UtcDateTime, CancellationToken.None);
            }
            catch (Exception exception) when (attempt < RecordAttempts)
            {
                logger.LogWarning(exception, "Recording {Count} message outcomes failed (attempt {Attempt}); trying again", outcomes.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }

    private const int RecordAttempts = 5;

    /// <summary>
    /// Records the outcome of each hand-off moments after it happened rather than with the whole batch: a crash between a
    /// channel accepting a message and its outcome being stored makes the message go out again after the lease (with the
    /// same message id), so the fewer accepted-but-unrecorded messages there are at any instant, the fewer a hard kill can
    /// double. Outcomes are written in groups of the send concurrency, so the window is about the messages in flight.
    /// </summary>
    private sealed class EarlyOutcomes(OutboxProcessor processor, Guid leaseId, int groupSize)
    {
        private readonly Lock _gate = new();
        private readonly SemaphoreSlim _writer = new(1, 1);
        private readonly List<MessageOutcome> _pending = [];
        private readonly HashSet<Guid> _written = [];

        /// <summary>Messages whose outcome was given to the store (written or not: a row another dispatcher took is not written).</summary>
        public HashSet<Guid> Attempted { get; } = [];

        public async Task AddAsync(MessageOutcome outcome)
        {
            List<MessageOutcome>? group = null;
            lock (_gate)
            {
                _pending.Add(outcome);
                if (_pending.Count >= groupSize)
                {
                    group = [.. _pending];
                    _pending.Clear();
                }
            }

            if (group is not null)
            {
                await WriteAsync(group);
            }
        }

        /// <summary>Writes what is still pending; returns every message whose outcome these early writes stored.</summary>
        public async Task<IReadOnlySet<Guid>> FlushAsync()
        {
            List<MessageOutcome> rest;
            lock (_gate)
            {
                rest = [.. _pending];
                _pending.Clear();
            }

            if (rest.Count > 0)
            {
                await WriteAsync(rest);
            }

            return _written;
        }

        private async Task WriteAsync(List<MessageOutcome> group)
        {
            await _writer.WaitAsync();
            try
            {
                var written = await processor.RecordAsync(leaseId, group);
                lock (_gate)
                {
                    Attempted.UnionWith(group.Select(o => o.MessageId));
                    _written.UnionWith(written);
                }
            }
            finally
            {
                _writer.Release();
            }
        }
    }

    private static string? Limit(string? text, int length) => text is { } value && value.Length > length ? value[..length] : text;

    private sealed class Work(MessageRecord row)
    {
        public MessageRecord Row { get; } = row;

        public MessageRequest? Request { get; set; }

        public Recipient? Recipient { get; set; }

        public string? Subject { get; set; }

        public MessageOutcome? Outcome { get; set; }

        public bool ReportFailure { get; set; }
    }
}
