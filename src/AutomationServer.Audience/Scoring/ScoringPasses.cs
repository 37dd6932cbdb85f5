using System.Globalization;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Segments.Sql;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Audience.Scoring;

/// <summary>
/// Scoring work over all contacts, done in the database: decay, attribute rules whose condition changes with time
/// alone ("trial ends within 3 days"), and stages likewise. Each reads only the contacts that change, in chunks, and
/// writes each change guarded by the value it read, so two nodes running a pass at once record every change once.
/// </summary>
public sealed class ScoringPasses(IAudienceSqlConnections connections, ScoringCatalog catalog, ScoringChangePublisher publisher, TimeProvider clock, ILogger<ScoringPasses> logger)
{
    public const int ChunkSize = 500;

    /// <summary>
    /// Applies decay when a period has passed since it was last applied. The period is claimed with one conditional
    /// UPDATE of its setting row, so on several nodes one pass runs per period. A pass that was missed (server down)
    /// is applied once, not once per missed period. Returns how many scores changed; null when not due.
    /// </summary>
    public async Task<int?> ApplyDecayIfDueAsync(CancellationToken cancellationToken)
    {
        var decay = (await catalog.SnapshotAsync(cancellationToken)).Decay;
        if (!decay.Enabled)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using (var claim = await connections.OpenAsync(cancellationToken))
        {
            if (!await ScoringStore.TryClaimAsync(claim, ScoringStore.DecayKey, now, now - decay.Every.Span, cancellationToken))
            {
                return null;
            }
        }

        var changed = 0;
        Guid? after = null;
        while (true)
        {
            var (outcome, last) = await DecayChunkAsync(decay.Percent, after, now, cancellationToken);
            changed += outcome.Scores.Count;
            await publisher.PublishAsync(outcome, reevaluate: true, cancellationToken);
            if (last is null)
            {
                break;
            }

            after = last;
        }

        logger.LogInformation("Score decay of {Percent}% applied: {Count} scores changed", decay.Percent, changed);
        return changed;
    }

    /// <summary>Moves every contact whose stage conditions now point elsewhere. Returns the changes (already recorded and dispatched).</summary>
    public async Task<int> ReconcileStagesAsync(CancellationToken cancellationToken)
    {
        var snapshot = await catalog.SnapshotAsync(cancellationToken);
        if (snapshot.AutomaticStages.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        List<(Guid Id, string? Current, string Target)> moves;
        await using (var session = await connections.OpenAsync(cancellationToken))
        {
            var d = session.Dialect;
            var p = new SqlParameters();
            var translator = new SegmentSqlTranslator(d, p, now, SegmentSqlForm.Set);
            var target = StageSql.TargetStage(translator, p, snapshot.AutomaticStages);
            var sql = $"SELECT cid, current_stage, target_stage FROM (SELECT {translator.ContactId} AS cid, c.{d.Quote("LifecycleStage")} AS current_stage, {target} AS target_stage " +
                $"FROM {translator.ContactsTable}) stages WHERE target_stage IS NOT NULL AND (current_stage IS NULL OR current_stage <> target_stage)";
            moves = await session.ReadAsync(new SqlStatement(sql, p), r => (d.ReadGuid(r, 0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2)), cancellationToken);
        }

        var count = 0;
        foreach (var chunk in moves.Chunk(ChunkSize))
        {
            var stages = new List<StageChange>();
            await using (var session = await connections.OpenAsync(cancellationToken))
            {
                await session.BeginTransactionAsync(cancellationToken);
                foreach (var (id, current, next) in chunk)
                {
                    if (await ContactScoreWriter.SetStageAsync(session, id, current, next, now, cancellationToken))
                    {
                        stages.Add(new StageChange(id, current, next, ScoringReasons.StageRule));
                    }
                }

                await ContactScoreWriter.WriteEventsAsync(session, new ScoringOutcome([], stages), now, cancellationToken);
                await session.CommitAsync(cancellationToken);
            }

            count += stages.Count;
            await publisher.PublishAsync(new ScoringOutcome([], stages), reevaluate: true, cancellationToken);
        }

        return count;
    }

    /// <summary>
    /// Applies every attribute rule to all contacts: those the condition now holds for and did not before get the points
    /// (within the rule's limit), those it stopped holding for are released. Returns the score changes made.
    /// </summary>
    public async Task<int> ReconcileAttributeRulesAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var rule in (await catalog.SnapshotAsync(cancellationToken)).AttributeRules)
        {
            count += await ReconcileAttributeRuleAsync(rule, cancellationToken);
        }

        return count;
    }

    public async Task<int> ReconcileAttributeRuleAsync(PointsRule rule, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        ScoringOutcome outcome;
        await using (var session = await connections.OpenAsync(cancellationToken))
        {
            var d = session.Dialect;
            var matches = d.Quote(ScoringTables.ScoreRuleMatches);
            await session.BeginTransactionAsync(cancellationToken);

            var insert = new SqlParameters();
            var add = new SegmentSqlTranslator(d, insert, now, SegmentSqlForm.Set);
            var id = insert.Add(rule.Id);
            var select = $"SELECT {id}, {add.ContactId}, {insert.Add(now)} FROM {add.ContactsTable} WHERE {add.Predicate(rule.Condition!)} " +
                $"AND NOT EXISTS (SELECT 1 FROM {matches} x WHERE x.{d.Quote("RuleId")} = {id} AND x.{d.Quote("ContactId")} = {add.ContactId})";
            var columns = $"{d.Quote("RuleId")}, {d.Quote("ContactId")}, {d.Quote("MatchedAt")}";
            var started = await session.ReadGuidsAsync(new SqlStatement(d.InsertReturning(ScoringTables.ScoreRuleMatches, columns, select, "ContactId"), insert), cancellationToken);

            var delete = new SqlParameters();
            var remove = new SegmentSqlTranslator(d, delete, now, SegmentSqlForm.Set);
            var where = $"{d.Quote("RuleId")} = {delete.Add(rule.Id)} AND NOT EXISTS (SELECT 1 FROM {remove.ContactsTable} " +
                $"WHERE {remove.ContactId} = {matches}.{d.Quote("ContactId")} AND {remove.Predicate(rule.Condition!)})";
            await session.ExecuteAsync(new SqlStatement($"DELETE FROM {matches} WHERE {where}", delete), cancellationToken);

            var awarded = started;
            if (rule.Limit is { } limit && started.Count > 0)
            {
                var counts = await ContactScoreWriter.AwardCountsAsync(session, rule.Id, limit, started, now, cancellationToken);
                awarded = started.Where(c => counts.GetValueOrDefault(c) < limit.Max).ToList();
            }

            var awards = awarded.Select(c => (new PointsAward(c, rule.Points, rule.Id, ScoringReasons.AttributeRule), (Guid?)null)).ToList();
            await ContactScoreWriter.WriteLedgerAsync(session, awards, now, cancellationToken);
            outcome = new ScoringOutcome(await ContactScoreWriter.AddPointsAsync(session, awards.Select(a => a.Item1).ToList(), now, cancellationToken), []);
            await ContactScoreWriter.WriteEventsAsync(session, outcome, now, cancellationToken);
            await session.CommitAsync(cancellationToken);
        }

        await publisher.PublishAsync(outcome, reevaluate: true, cancellationToken);
        return outcome.Scores.Count;
    }

    private async Task<(ScoringOutcome Outcome, Guid? Last)> DecayChunkAsync(int percent, Guid? after, DateTime now, CancellationToken cancellationToken)
    {
        await using var session = await connections.OpenAsync(cancellationToken);
        var d = session.Dialect;
        var p = new SqlParameters();
        var id = d.Quote("Id");
        var from = after is { } last ? $" AND {id} > {p.Add(last)}" : "";
        var sql = $"SELECT {id}, {d.Quote("Score")} FROM {d.Quote(AudienceTables.Contacts)} WHERE {d.Quote("Score")} <> 0{from} " +
            d.Page(id, p.Add(0L), p.Add((long)ChunkSize));
        var rows = await session.ReadAsync(new SqlStatement(sql, p), r => (Id: d.ReadGuid(r, 0), Score: Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture)), cancellationToken);
        if (rows.Count == 0)
        {
            return (ScoringOutcome.None, null);
        }

        await session.BeginTransactionAsync(cancellationToken);
        var scores = new List<ScoreChange>();
        foreach (var (contactId, score) in rows)
        {
            // Toward zero, in whole points: 45 at 10% becomes 40, 5 becomes 4, 1 becomes 0, -5 becomes -4.
            var decayed = (int)((long)score * (100 - percent) / 100);
            if (decayed != score && await ContactScoreWriter.SetScoreAsync(session, contactId, score, decayed, now, cancellationToken))
            {
                scores.Add(new ScoreChange(contactId, score, decayed, null, ScoringReasons.Decay));
            }
        }

        var outcome = new ScoringOutcome(scores, []);
        await ContactScoreWriter.WriteEventsAsync(session, outcome, now, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return (outcome, rows.Count < ChunkSize ? null : rows[^1].Id);
    }
}
