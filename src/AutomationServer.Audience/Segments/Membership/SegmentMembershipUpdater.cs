using System.Text;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Segments.Sql;

namespace AutomationServer.Audience.Segments.Membership;

/// <summary>
/// Keeps one contact's memberships current after an event or an attribute change: one query per dependency level
/// evaluates every segment of that level for this contact only (<c>c.Id = @contactId</c>; the first one also reads
/// the contact's current memberships), then the differences are written with their segment_entered / segment_left
/// events in one transaction and dispatched. An update that changes nothing is that one round trip.
/// The evaluation is prepared (its text only changes with the catalog): on PostgreSQL planning the ten-segment statement
/// cost more than running it. The change transaction commits asynchronously where the database allows it: memberships
/// are derived data that the scheduled reconciliation recomputes (docs/segments.md, "Durability").
/// </summary>
public sealed class SegmentMembershipUpdater(
    IAudienceSqlConnections connections,
    SegmentCatalog catalog,
    ISegmentChangeDispatcher dispatcher,
    TimeProvider clock)
{
    /// <summary>Re-evaluates every segment for the contact; returns what changed (already recorded and dispatched).</summary>
    public async Task<IReadOnlyList<SegmentChange>> UpdateContactAsync(Guid contactId, CancellationToken cancellationToken)
    {
        var levels = await catalog.LevelsAsync(cancellationToken);
        if (levels.Count == 0)
        {
            return [];
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var changes = new List<SegmentChange>();
        await using (var session = await connections.OpenAsync(cancellationToken))
        {
            HashSet<string>? members = null;
            foreach (var level in levels)
            {
                // Written before the next level is evaluated: a segment of segments reads these rows.
                var (matches, current) = await EvaluateAsync(session, level, members is null ? levels.SelectMany(l => l).ToList() : [], contactId, now, cancellationToken);
                members ??= current;
                var levelChanges = level.Zip(matches)
                    .Where(pair => pair.Second != members.Contains(pair.First.Id))
                    .Select(pair => new SegmentChange(pair.First.Id, contactId, pair.Second))
                    .ToList();
                if (levelChanges.Count > 0 && session.Transaction is null)
                {
                    await session.BeginDerivedDataTransactionAsync(cancellationToken);
                }

                foreach (var change in levelChanges)
                {
                    if (await ApplyAsync(session, change, now, cancellationToken))
                    {
                        changes.Add(change);
                    }
                }
            }

            if (changes.Count > 0)
            {
                await MembershipEventWriter.WriteAsync(session, changes, now, cancellationToken);
                foreach (var segment in changes.GroupBy(c => c.SegmentId))
                {
                    await AddToCountAsync(session, segment.Key, segment.Sum(c => c.Entered ? 1 : -1), cancellationToken);
                }
            }

            await session.CommitAsync(cancellationToken);
        }

        if (changes.Count > 0)
        {
            await dispatcher.DispatchAsync(changes, cancellationToken);
        }

        return changes;
    }

    /// <summary>
    /// Whether the contact matches each segment of <paramref name="level"/>, and of <paramref name="memberOf"/> the
    /// segments it is a member of now: one row, so the first level costs one round trip with the memberships.
    /// </summary>
    private static async Task<(IReadOnlyList<bool> Matches, HashSet<string> Members)> EvaluateAsync(
        AudienceSqlSession session, IReadOnlyList<CompiledSegment> level, IReadOnlyList<CompiledSegment> memberOf, Guid contactId, DateTime now, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var p = new SqlParameters();
        var translator = new SegmentSqlTranslator(d, p, now);
        var contact = p.Add(contactId);
        var columns = level
            .Select(segment => $"EXISTS (SELECT 1 FROM {translator.ContactsTable} WHERE {translator.ContactId} = {contact} AND {translator.Predicate(segment.Rule)})")
            .Concat(memberOf.Select(segment => $"EXISTS (SELECT 1 FROM {d.Quote(AudienceTables.SegmentMemberships)} m " +
                $"WHERE m.{d.Quote("SegmentId")} = {p.Add(segment.Id)} AND m.{d.Quote("ContactId")} = {contact})"))
            .Select(test => $"CASE WHEN {test} THEN 1 ELSE 0 END");
        var sql = new StringBuilder("SELECT ").AppendJoin(", ", columns).ToString();

        var row = (await session.ReadAsync(
            new SqlStatement(sql, p) { Prepare = true },
            reader => Enumerable.Range(0, level.Count + memberOf.Count).Select(i => Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) == 1).ToList(),
            cancellationToken))[0];
        var members = memberOf.Where((_, i) => row[level.Count + i]).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        return (row.Take(level.Count).ToList(), members);
    }

    /// <summary>
    /// Adjusts MemberCount by this contact's change rather than counting the members again: a count of a segment of
    /// hundreds of thousands costs far more than the rest of the update. Full computations set the exact count.
    /// </summary>
    private static async Task AddToCountAsync(AudienceSqlSession session, string segmentId, int delta, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var p = new SqlParameters();
        var count = d.Quote("MemberCount");
        await session.ExecuteAsync(new SqlStatement(
            $"UPDATE {d.Quote(AudienceTables.Segments)} SET {count} = {count} + {p.Add(delta)} WHERE {d.Quote("Id")} = {p.Add(segmentId)}", p), cancellationToken);
    }

    /// <summary>Guarded so a concurrent full recompute that got there first does not make the change count twice.</summary>
    private static async Task<bool> ApplyAsync(AudienceSqlSession session, SegmentChange change, DateTime now, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var table = d.Quote(AudienceTables.SegmentMemberships);
        var p = new SqlParameters();
        var segment = p.Add(change.SegmentId);
        var contact = p.Add(change.ContactId);
        var match = $"{d.Quote("SegmentId")} = {segment} AND {d.Quote("ContactId")} = {contact}";
        var sql = change.Entered
            ? $"INSERT INTO {table} ({SegmentMembershipService.Columns(d)}) SELECT {segment}, {contact}, {p.Add(now)} WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE {match})"
            : $"DELETE FROM {table} WHERE {match}";
        return await session.ExecuteAsync(new SqlStatement(sql, p), cancellationToken) > 0;
    }
}
