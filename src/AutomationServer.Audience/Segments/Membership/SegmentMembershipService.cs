using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Segments.Rules;
using AutomationServer.Audience.Segments.Sql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutomationServer.Audience.Segments.Membership;

public sealed record SegmentRecomputeResult(string SegmentId, int Entered, int Left, int MemberCount);

/// <summary>
/// Computes whole segments in the database: one INSERT … SELECT adds the contacts that match and are not members,
/// one DELETE removes the members that no longer match, both handing back the contact ids they touched; entered and
/// left are recorded as contact events in the same transaction and dispatched to the engine after it commits.
/// </summary>
public sealed class SegmentMembershipService(
    IAudienceSqlConnections connections,
    SegmentCatalog catalog,
    ISegmentChangeDispatcher dispatcher,
    TimeProvider clock,
    IOptions<AudienceOptions> options,
    ILogger<SegmentMembershipService> logger)
{
    /// <summary>
    /// Stores a new segment and its first members in one transaction, so a computation that fails (a timeout) leaves
    /// nothing behind; null when a segment with this id exists already.
    /// </summary>
    public async Task<SegmentRecomputeResult?> CreateAsync(SegmentRecord segment, RuleNode rule, CancellationToken cancellationToken)
    {
        var changes = new List<SegmentChange>();
        int memberCount;
        await using (var session = await OpenAsync(cancellationToken))
        {
            await session.BeginTransactionAsync(cancellationToken);
            if (!await SegmentStore.InsertAsync(session, segment, cancellationToken))
            {
                return null;
            }

            memberCount = await ComputeAsync(session, segment.Id, rule, segment.CreatedAt, changes, cancellationToken);
            await session.CommitAsync(cancellationToken);
        }

        // Before the stimuli go out: a journey they start may already ask about the new segment.
        catalog.Invalidate();

        await AnnounceAsync(segment.Id, changes, memberCount, cancellationToken);
        return new SegmentRecomputeResult(segment.Id, changes.Count, 0, memberCount);
    }

    /// <summary>Recomputes one segment; null when it does not exist or its rule is no longer valid.</summary>
    public async Task<SegmentRecomputeResult?> RecomputeAsync(string segmentId, CancellationToken cancellationToken)
    {
        var segment = await catalog.FindAsync(segmentId, cancellationToken);
        return segment is null ? null : await RecomputeAsync(segment, cancellationToken);
    }

    /// <summary>Recomputes every segment, those referred to before those that refer to them.</summary>
    public async Task<IReadOnlyList<SegmentRecomputeResult>> ReconcileAllAsync(CancellationToken cancellationToken)
    {
        var results = new List<SegmentRecomputeResult>();
        foreach (var level in await catalog.LevelsAsync(cancellationToken))
        {
            foreach (var segment in level)
            {
                results.Add(await RecomputeAsync(segment, cancellationToken));
            }
        }

        return results;
    }

    /// <summary>How many contacts match a rule now and a sample of their ids, without storing anything.</summary>
    public async Task<(int Count, IReadOnlyList<Guid> Sample)> PreviewAsync(RuleNode rule, int sampleSize, CancellationToken cancellationToken)
    {
        await using var session = await OpenAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var matching = SegmentSqlTranslator.SelectContactIds(session.Dialect, rule, now);
        var count = Convert.ToInt32(
            await session.ScalarAsync(new SqlStatement($"SELECT COUNT(*) FROM ({matching.Text}) matching", matching.Parameters), cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);
        var sampled = SegmentSqlTranslator.SelectContactIds(session.Dialect, rule, now);
        var page = session.Dialect.Page("c." + session.Dialect.Quote("Id"), sampled.Parameters.Add(0L), sampled.Parameters.Add((long)sampleSize));
        var sample = await session.ReadGuidsAsync(new SqlStatement($"{sampled.Text} {page}", sampled.Parameters), cancellationToken);
        return (count, sample);
    }

    private async Task<SegmentRecomputeResult> RecomputeAsync(CompiledSegment segment, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changes = new List<SegmentChange>();
        int memberCount;
        await using (var session = await OpenAsync(cancellationToken))
        {
            await session.BeginTransactionAsync(cancellationToken);
            memberCount = await ComputeAsync(session, segment.Id, segment.Rule, now, changes, cancellationToken);
            await session.CommitAsync(cancellationToken);
        }

        await AnnounceAsync(segment.Id, changes, memberCount, cancellationToken);
        return new SegmentRecomputeResult(segment.Id, changes.Count(c => c.Entered), changes.Count(c => !c.Entered), memberCount);
    }

    /// <summary>Adds the members that match, removes those that no longer do and records both, in the session's transaction.</summary>
    private static async Task<int> ComputeAsync(AudienceSqlSession session, string segmentId, RuleNode rule, DateTime now, List<SegmentChange> changes, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var memberships = d.Quote(AudienceTables.SegmentMemberships);

        var insert = new SqlParameters();
        var addTranslator = new SegmentSqlTranslator(d, insert, now, SegmentSqlForm.Set);
        var id = insert.Add(segmentId);
        var select = $"SELECT {id}, {addTranslator.ContactId}, {insert.Add(now)} FROM {addTranslator.ContactsTable} " +
            $"WHERE {addTranslator.Predicate(rule)} AND NOT EXISTS (SELECT 1 FROM {memberships} x " +
            $"WHERE x.{d.Quote("SegmentId")} = {id} AND x.{d.Quote("ContactId")} = {addTranslator.ContactId})";
        var entered = await session.ReadGuidsAsync(
            new SqlStatement(d.InsertReturning(AudienceTables.SegmentMemberships, Columns(d), select, "ContactId"), insert), cancellationToken);

        var delete = new SqlParameters();
        var removeTranslator = new SegmentSqlTranslator(d, delete, now, SegmentSqlForm.Set);
        var where = $"{d.Quote("SegmentId")} = {delete.Add(segmentId)} AND NOT EXISTS (SELECT 1 FROM {removeTranslator.ContactsTable} " +
            $"WHERE {removeTranslator.ContactId} = {memberships}.{d.Quote("ContactId")} AND {removeTranslator.Predicate(rule)})";
        var left = await session.ReadGuidsAsync(new SqlStatement(d.DeleteReturning(AudienceTables.SegmentMemberships, where, "ContactId"), delete), cancellationToken);

        changes.AddRange(entered.Select(c => new SegmentChange(segmentId, c, Entered: true)));
        changes.AddRange(left.Select(c => new SegmentChange(segmentId, c, Entered: false)));
        await MembershipEventWriter.WriteAsync(session, changes, now, cancellationToken);
        return await UpdateCountAsync(session, segmentId, now, cancellationToken);
    }

    private async Task AnnounceAsync(string segmentId, List<SegmentChange> changes, int memberCount, CancellationToken cancellationToken)
    {
        if (changes.Count > 0)
        {
            logger.LogInformation("Segment {SegmentId}: {Entered} entered, {Left} left, {Members} members", segmentId, changes.Count(c => c.Entered), changes.Count(c => !c.Entered), memberCount);
            await dispatcher.DispatchAsync(changes, cancellationToken);
        }
    }

    private async Task<AudienceSqlSession> OpenAsync(CancellationToken cancellationToken)
    {
        var session = await connections.OpenAsync(cancellationToken);
        session.CommandTimeout = options.Value.SegmentCommandTimeout;
        return session;
    }

    internal static string Columns(SqlDialect d) => $"{d.Quote("SegmentId")}, {d.Quote("ContactId")}, {d.Quote("EnteredAt")}";

    /// <summary>Sets MemberCount from the rows (and LastReconciledAt when <paramref name="reconciledAt"/> is given).</summary>
    internal static async Task<int> UpdateCountAsync(AudienceSqlSession session, string segmentId, DateTime? reconciledAt, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var p = new SqlParameters();
        var id = p.Add(segmentId);
        var reconciled = reconciledAt is null ? "" : $", {d.Quote("LastReconciledAt")} = {p.Add(reconciledAt.Value)}";
        await session.ExecuteAsync(new SqlStatement(
            $"UPDATE {d.Quote(AudienceTables.Segments)} SET {d.Quote("MemberCount")} = (SELECT COUNT(*) FROM {d.Quote(AudienceTables.SegmentMemberships)} " +
            $"WHERE {d.Quote("SegmentId")} = {id}){reconciled} WHERE {d.Quote("Id")} = {id}", p), cancellationToken);
        var q = new SqlParameters();
        var count = await session.ScalarAsync(new SqlStatement($"SELECT {d.Quote("MemberCount")} FROM {d.Quote(AudienceTables.Segments)} WHERE {d.Quote("Id")} = {q.Add(segmentId)}", q), cancellationToken);
        return count is null ? 0 : Convert.ToInt32(count, System.Globalization.CultureInfo.InvariantCulture);
    }
}
