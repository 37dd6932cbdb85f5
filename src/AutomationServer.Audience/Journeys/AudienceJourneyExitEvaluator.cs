using System.Text.Json.Nodes;
using AutomationServer.Audience.Segments;
using AutomationServer.Audience.Segments.Rules;
using AutomationServer.Audience.Segments.Sql;
using AutomationServer.Workflows.Journeys;
using AutomationServer.Workflows.Validation;

namespace AutomationServer.Audience.Journeys;

/// <summary>
/// Exit and goal conditions over the contact an instance runs for (its correlation id is the contact id): an
/// <c>event</c> condition holds when the contact has such an event (with its <c>where</c> filters) at or after the
/// instance started; a <c>rule</c> condition when the segment rule holds for the contact now. All conditions of an
/// instance are decided in one query, through the segment SQL translation, so they mean what a segment would.
/// </summary>
public sealed class AudienceJourneyExitEvaluator(IAudienceSqlConnections connections, SegmentCatalog catalog) : IJourneyExitEvaluator
{
    private static readonly RuleContext NoSchema = new(new Dictionary<string, string>(), new Dictionary<string, IReadOnlyCollection<string>>(), null);

    public IEnumerable<ValidationProblem> Validate(JourneyExitCondition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        RuleParseResult parsed;
        if (condition.Event is not null)
        {
            parsed = ParseEvent(condition, NoSchema);
        }
        else
        {
            // Validation is synchronous and rare (import, publish); the rule needs the attribute schema and segment ids.
            var context = Task.Run(() => catalog.ContextAsync(null, CancellationToken.None)).GetAwaiter().GetResult();
            parsed = SegmentRuleParser.Parse(condition.Rule, context, condition.Path + ".rule");
        }

        return parsed.Problems.Select(p => new ValidationProblem(ValidationCodes.InvalidJourneyRule, $"{p.Path}: {p.Message}", Field: p.Path));
    }

    public async ValueTask<JourneyExitHit?> CheckAsync(JourneyExitCheck check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (!Guid.TryParseExact(check.CorrelationId, "N", out var contactId) && !Guid.TryParse(check.CorrelationId, out contactId))
        {
            return null;
        }

        var rules = new List<(JourneyExitCondition Condition, RuleNode Rule)>();
        RuleContext? context = null;
        foreach (var condition in check.Conditions)
        {
            if (condition.Rule is not null)
            {
                context ??= await catalog.ContextAsync(null, cancellationToken);
            }

            if (ToRule(condition, context ?? NoSchema, check) is { } rule)
            {
                rules.Add((condition, rule));
            }
        }

        if (rules.Count == 0)
        {
            return null;
        }

        await using var session = await connections.OpenAsync(cancellationToken);
        var parameters = new SqlParameters();
        var translator = new SegmentSqlTranslator(session.Dialect, parameters, check.NowUtc);
        var contact = parameters.Add(contactId);
        var cases = string.Join(" ", rules.Select((r, i) => $"WHEN {translator.Predicate(r.Rule)} THEN {i}"));
        var sql = $"SELECT CASE {cases} ELSE -1 END FROM {translator.ContactsTable} WHERE {translator.ContactId} = {contact}";
        var hit = await session.ScalarAsync(new SqlStatement(sql, parameters), cancellationToken);
        var index = hit is null ? -1 : Convert.ToInt32(hit, System.Globalization.CultureInfo.InvariantCulture);
        return index >= 0 ? new JourneyExitHit(rules[index].Condition) : null;
    }

    /// <summary>An event condition becomes "at least one such event since entry"; a rule is used as it stands.</summary>
    private static RuleNode? ToRule(JourneyExitCondition condition, RuleContext context, JourneyExitCheck check)
    {
        var parsed = condition.Event is not null ? ParseEvent(condition, context) : SegmentRuleParser.Parse(condition.Rule, context, condition.Path + ".rule");
        if (parsed.Rule is null)
        {
            // Checked at publish; an attribute deleted since then leaves the condition unable to hold.
            return null;
        }

        if (parsed.Rule is not EventCondition e || condition.Event is null)
        {
            return parsed.Rule;
        }

        var since = check.NowUtc - check.EnteredAtUtc;
        return e with { Within = new Duration(since < TimeSpan.Zero ? TimeSpan.Zero : since, "since entry") };
    }

    private static RuleParseResult ParseEvent(JourneyExitCondition condition, RuleContext context)
    {
        var body = new JsonObject { ["name"] = condition.Event!["name"]?.DeepClone() };
        if (condition.Event["where"] is { } where)
        {
            body["where"] = where.DeepClone();
        }

        return SegmentRuleParser.Parse(new JsonObject { ["event"] = body }, context, condition.Path);
    }
}
