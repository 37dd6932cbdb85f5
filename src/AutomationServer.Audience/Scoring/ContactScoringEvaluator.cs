using System.Globalization;
using System.Text;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Segments.Membership;
using AutomationServer.Audience.Segments.Sql;

namespace AutomationServer.Audience.Scoring;

/// <summary>
/// Applies attribute rules and stage rules to one contact after it changed: one query evaluates every attribute
/// rule's condition for this contact only (<c>c.Id = @id</c>), a rule that starts to hold awards its points (within its
/// limit) and is remembered until it stops holding; then one query picks the highest stage whose condition holds. The
/// changes, their ledger rows and events commit together and are then dispatched.
/// </summary>
public sealed class ContactScoringEvaluator(IAudienceSqlConnections connections, ScoringCatalog catalog, ScoringChangePublisher publisher, TimeProvider clock)
    : IContactChangeObserver
{
    public async Task<bool> ContactChangedAsync(Guid contactId, CancellationToken cancellationToken) =>
        (await EvaluateAsync(contactId, cancellationToken)).Any;

    public async Task<ScoringOutcome> EvaluateAsync(Guid contactId, CancellationToken cancellationToken)
    {
        var snapshot = await catalog.SnapshotAsync(cancellationToken);
        if (snapshot.AttributeRules.Count == 0 && snapshot.AutomaticStages.Count == 0)
        {
            return ScoringOutcome.None;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        ScoringOutcome outcome;
        await using (var session = await connections.OpenAsync(cancellationToken))
        {
            await session.BeginTransactionAsync(cancellationToken);
            var scores = await ApplyAttributeRulesAsync(session, snapshot, contactId, now, cancellationToken);
            var stage = await ApplyStagesAsync(session, snapshot, contactId, now, cancellationToken);
            outcome = new ScoringOutcome(scores, stage is null ? [] : [stage]);
            await ContactScoreWriter.WriteEventsAsync(session, outcome, now, cancellationToken);
            await session.CommitAsync(cancellationToken);
        }

        // The caller (the segment worker) evaluates segments again itself; queueing here would let rules loop.
        await publisher.PublishAsync(outcome, reevaluate: false, cancellationToken);
        return outcome;
    }

    private static async Task<List<ScoreChange>> ApplyAttributeRulesAsync(AudienceSqlSession session, ScoringSnapshot snapshot, Guid contactId, DateTime now, CancellationToken cancellationToken)
    {
        var rules = snapshot.AttributeRules;
        if (rules.Count == 0)
        {
            return [];
        }

        var d = session.Dialect;
        var p = new SqlParameters();
        var translator = new SegmentSqlTranslator(d, p, now);
        var sql = new StringBuilder("SELECT ");
        sql.AppendJoin(", ", rules.Select(rule => $"CASE WHEN {translator.Predicate(rule.Condition!)} THEN 1 ELSE 0 END"));
        sql.Append($" FROM {translator.ContactsTable} WHERE {translator.ContactId} = {p.Add(contactId)}");
        var rows = await session.ReadAsync(new SqlStatement(sql.ToString(), p),
            r => Enumerable.Range(0, rules.Count).Select(i => Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture) == 1).ToList(), cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }

        var held = await HeldRulesAsync(session, contactId, cancellationToken);
        var awards = new List<(PointsAward Award, Guid? EventId)>();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (rows[0][i] && !held.Contains(rule.Id))
            {
                if (await StartHoldingAsync(session, rule.Id, contactId, now, cancellationToken) && await WithinLimitAsync(session, rule, contactId, now, cancellationToken))
                {
                    awards.Add((new PointsAward(contactId, rule.Points, rule.Id, ScoringReasons.AttributeRule), null));
                }
            }
            else if (!rows[0][i] && held.Contains(rule.Id))
            {
                await StopHoldingAsync(session, rule.Id, contactId, cancellationToken);
            }
        }

        await ContactScoreWriter.WriteLedgerAsync(session, awards, now, cancellationToken);
        return await ContactScoreWriter.AddPointsAsync(session, awards.Select(a => a.Award).ToList(), now, cancellationToken);
    }

    private static async Task<StageChange?> ApplyStagesAsync(AudienceSqlSession session, ScoringSnapshot snapshot, Guid contactId, DateTime now, CancellationToken cancellationToken)
    {
        if (snapshot.AutomaticStages.Count == 0)
        {
            return null;
        }

        var d = session.Dialect;
        var p = new SqlParameters();
        var translator = new SegmentSqlTranslator(d, p, now);
        var target = StageSql.TargetStage(translator, p, snapshot.AutomaticStages);
        var sql = $"SELECT c.{d.Quote("LifecycleStage")}, {target} FROM {translator.ContactsTable} WHERE {translator.ContactId} = {p.Add(contactId)}";
        var rows = await session.ReadAsync(new SqlStatement(sql, p), r => (Current: r.IsDBNull(0) ? null : r.GetString(0), Target: r.IsDBNull(1) ? null : r.GetString(1)), cancellationToken);
        if (rows is not [var row] || row.Target is null || row.Target == row.Current)
        {
            return null;
        }

        return await ContactScoreWriter.SetStageAsync(session, contactId, row.Current, row.Target, now, cancellationToken)
            ? new StageChange(contactId, row.Current, row.Target, ScoringReasons.StageRule)
            : null;
    }

    private static async Task<HashSet<string>> HeldRulesAsync(AudienceSqlSession session, Guid contactId, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var p = new SqlParameters();
        var sql = $"SELECT {d.Quote("RuleId")} FROM {d.Quote(ScoringTables.ScoreRuleMatches)} WHERE {d.Quote("ContactId")} = {p.Add(contactId)}";
        return (await session.ReadAsync(new SqlStatement(sql, p), r => r.GetString(0), cancellationToken)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Guarded, so that of two evaluations of the same contact at once only one awards.</summary>
    private static async Task<bool> StartHoldingAsync(AudienceSqlSession session, string ruleId, Guid contactId, DateTime now, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var table = d.Quote(ScoringTables.ScoreRuleMatches);
        var p = new SqlParameters();
        var rule = p.Add(ruleId);
        var contact = p.Add(contactId);
        var sql = $"INSERT INTO {table} ({d.Quote("RuleId")}, {d.Quote("ContactId")}, {d.Quote("MatchedAt")}) SELECT {rule}, {contact}, {p.Add(now)} " +
            $"WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE {d.Quote("RuleId")} = {rule} AND {d.Quote("ContactId")} = {contact})";
        return await session.ExecuteAsync(new SqlStatement(sql, p), cancellationToken) == 1;
    }

    private static async Task StopHoldingAsync(AudienceSqlSession session, string ruleId, Guid contactId, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var p = new SqlParameters();
        var sql = $"DELETE FROM {d.Quote(ScoringTables.ScoreRuleMatches)} WHERE {d.Quote("RuleId")} = {p.Add(ruleId)} AND {d.Quote("ContactId")} = {p.Add(contactId)}";
        await session.ExecuteAsync(new SqlStatement(sql, p), cancellationToken);
    }

    private static async Task<bool> WithinLimitAsync(AudienceSqlSession session, PointsRule rule, Guid contactId, DateTime now, CancellationToken cancellationToken) =>
        rule.Limit is not { } limit
        || (await ContactScoreWriter.AwardCountsAsync(session, rule.Id, limit, [contactId], now, cancellationToken)).GetValueOrDefault(contactId) < limit.Max;
}
