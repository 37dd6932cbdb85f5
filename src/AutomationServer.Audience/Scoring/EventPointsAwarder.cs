using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Segments.Sql;

namespace AutomationServer.Audience.Scoring;

/// <summary>
/// Gives the points of event rules for events just stored. Each award is a ledger row unique per (rule, event), so an
/// event gives a rule's points once: a repeat with the same idempotency key is never stored, and a second attempt
/// at the same event finds its ledger row and awards nothing. Limits count the ledger.
/// </summary>
public sealed class EventPointsAwarder(IAudienceSqlConnections connections, ScoringCatalog catalog, ScoringChangePublisher publisher, TimeProvider clock)
{
    private const int IdsPerStatement = 500;

    public async Task<ScoringOutcome> AwardAsync(IReadOnlyList<ContactEventRecord> stored, CancellationToken cancellationToken)
    {
        var snapshot = await catalog.SnapshotAsync(cancellationToken);
        var work = stored
            .Where(e => snapshot.EventRulesByName.ContainsKey(e.Name))
            .GroupBy(e => e.Name, StringComparer.Ordinal)
            .SelectMany(g => snapshot.EventRulesByName[g.Key].Select(rule => (Rule: rule, Events: g.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).ToList())))
            .ToList();
        if (work.Count == 0)
        {
            return ScoringOutcome.None;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        ScoringOutcome outcome;
        await using (var session = await connections.OpenAsync(cancellationToken))
        {
            await session.BeginTransactionAsync(cancellationToken);
            var ledger = new List<(PointsAward Award, Guid? EventId)>();
            foreach (var (rule, events) in work)
            {
                var matching = await FilterAsync(session, rule, events, now, cancellationToken);
                ledger.AddRange((await LimitAsync(session, rule, matching, now, cancellationToken))
                    .Select(e => (new PointsAward(e.ContactId, rule.Points, rule.Id, ScoringReasons.EventRule), (Guid?)e.Id)));
            }

            await ContactScoreWriter.WriteLedgerAsync(session, ledger, now, cancellationToken);
            var perContact = ledger
                .GroupBy(l => (l.Award.ContactId, l.Award.RuleId))
                .Select(g => g.First().Award with { Delta = g.Sum(l => l.Award.Delta) })
                .ToList();
            outcome = new ScoringOutcome(await ContactScoreWriter.AddPointsAsync(session, perContact, now, cancellationToken), []);
            await ContactScoreWriter.WriteEventsAsync(session, outcome, now, cancellationToken);
            await session.CommitAsync(cancellationToken);
        }

        await publisher.PublishAsync(outcome, reevaluate: true, cancellationToken);
        return outcome;
    }

    /// <summary>
    /// The events whose properties pass the rule's filters (the same SQL a segment's event condition uses) and that the
    /// rule has not awarded yet, so handing an event in twice awards it once.
    /// </summary>
    private static async Task<List<ContactEventRecord>> FilterAsync(AudienceSqlSession session, PointsRule rule, List<ContactEventRecord> events, DateTime now, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var matched = new HashSet<Guid>();
        foreach (var chunk in events.Chunk(IdsPerStatement))
        {
            var p = new SqlParameters();
            var translator = new SegmentSqlTranslator(d, p, now);
            var sql = $"SELECT e.{d.Quote("Id")} FROM {d.Quote(AudienceTables.ContactEvents)} e WHERE e.{d.Quote("Id")} IN ({string.Join(", ", chunk.Select(x => p.Add(x.Id)))}) " +
                $"AND {translator.EventProperties("e", rule.Where)} AND NOT EXISTS (SELECT 1 FROM {d.Quote(ScoringTables.ScoreAwards)} a " +
                $"WHERE a.{d.Quote("RuleId")} = {p.Add(rule.Id)} AND a.{d.Quote("EventId")} = e.{d.Quote("Id")})";
            matched.UnionWith(await session.ReadGuidsAsync(new SqlStatement(sql, p), cancellationToken));
        }

        return events.Where(e => matched.Contains(e.Id)).ToList();
    }

    /// <summary>Keeps, per contact, only as many events (oldest first) as the rule's limit still allows.</summary>
    private static async Task<List<ContactEventRecord>> LimitAsync(AudienceSqlSession session, PointsRule rule, List<ContactEventRecord> events, DateTime now, CancellationToken cancellationToken)
    {
        if (rule.Limit is not { } limit || events.Count == 0)
        {
            return events;
        }

        var counts = await ContactScoreWriter.AwardCountsAsync(session, rule.Id, limit, events.Select(e => e.ContactId).Distinct().ToList(), now, cancellationToken);
        var kept = new List<ContactEventRecord>();
        foreach (var e in events)
        {
            var used = counts.GetValueOrDefault(e.ContactId);
            if (used < limit.Max)
            {
                counts[e.ContactId] = used + 1;
                kept.Add(e);
            }
        }

        return kept;
    }
}
