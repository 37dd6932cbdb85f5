using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Segments.Rules;

namespace AutomationServer.Audience.Segments.Sql;

/// <summary>How event conditions are written: which form is cheap depends on how many contacts are evaluated.</summary>
public enum SegmentSqlForm
{
    /// <summary>
    /// A sub-query per contact, probing the (ContactId, Name, OccurredAt) index: the cheap form when the contacts are
    /// few (one contact's incremental update, or conditions narrowed first by the others).
    /// </summary>
    PerContact,

    /// <summary>
    /// Event conditions as sets of contact ids (<c>c.Id IN (SELECT ContactId … GROUP BY ContactId HAVING …)</c>),
    /// read once for all contacts: the form for whole-segment computations, where a correlated count or sum would
    /// run once for each of a million contacts.
    /// </summary>
    Set,
}

/// <summary>
/// Turns a rule into a predicate over the contact row <c>c</c> (<c>SELECT c.Id FROM Contacts c WHERE …</c>).
/// Every leaf becomes EXISTS, NOT EXISTS, IN or NOT IN over a non-null column, or a comparison that cannot be NULL,
/// so AND, OR and NOT keep their ordinary two-valued meaning. Time windows are measured back from <c>now</c>,
/// bound once as a parameter.
/// </summary>
public sealed class SegmentSqlTranslator
{
    private readonly SqlDialect _d;
    private readonly SqlParameters _parameters;
    private readonly string _now;
    private readonly DateTime _nowUtc;
    private SegmentSqlForm _form;
    private int _aliases;

    public SegmentSqlTranslator(SqlDialect dialect, SqlParameters parameters, DateTime nowUtc, SegmentSqlForm form = SegmentSqlForm.PerContact)
    {
        _d = dialect;
        _parameters = parameters;
        _nowUtc = nowUtc;
        _form = form;
        _now = parameters.Add(nowUtc);
    }

    public string ContactsTable => $"{_d.Quote(AudienceTables.Contacts)} c";

    /// <summary>The contact id column of <c>c</c>.</summary>
    public string ContactId => Col("c", "Id");

    /// <summary>A full query of the matching contact ids.</summary>
    public static SqlStatement SelectContactIds(SqlDialect dialect, RuleNode rule, DateTime nowUtc, SegmentSqlForm form = SegmentSqlForm.Set)
    {
        var parameters = new SqlParameters();
        var translator = new SegmentSqlTranslator(dialect, parameters, nowUtc, form);
        return new SqlStatement($"SELECT {translator.ContactId} FROM {translator.ContactsTable} WHERE {translator.Predicate(rule)}", parameters);
    }

    public string Predicate(RuleNode rule) => rule switch
    {
        AllOf all => All(all),
        AnyOf any => "(" + string.Join(" OR ", any.Rules.Select(Predicate)) + ")",
        Not not => $"(NOT {Predicate(not.Rule)})",
        AttributeCondition attribute => Attribute(attribute),
        EventCondition e => Event(e),
        RfmCondition rfm => Rfm(rfm),
        SegmentMembershipCondition segment => Segment(segment),
        ConsentCondition consent => Consent(consent),
        ScoreCondition score => $"{Col("c", "Score")} {Comparison(score.Operator)} {P(score.Value)}",
        StageCondition stage => Stage(stage),
        TagCondition tag => Exists(tag.Has, AudienceTables.ContactTags, "t", $"{Col("t", "Tag")} = {P(tag.Tag)}"),
        _ => throw new NotSupportedException($"No SQL for {rule.GetType().Name}."),
    };

    /// <summary>
    /// In the set form, an AND that also requires an indexed condition the contact must positively meet (an attribute
    /// value, a consent, a tag, a segment) narrows the contacts before any event is read: PostgreSQL then probes the
    /// events index only for those, which at 1 M contacts reads about as many buffers as grouping the window's events
    /// and never multiplies the grouping across parallel workers. Event conditions alone (a sum over 90 days) still
    /// read their window once as a set instead of probing every contact.
    /// </summary>
    private string All(AllOf all)
    {
        var form = _form;
        if (_form == SegmentSqlForm.Set && all.Rules.Any(Narrows))
        {
            _form = SegmentSqlForm.PerContact;
        }

        try
        {
            return "(" + string.Join(" AND ", all.Rules.Select(Predicate)) + ")";
        }
        finally
        {
            _form = form;
        }
    }

    private static bool Narrows(RuleNode rule) => rule switch
    {
        AttributeCondition attribute => attribute.Operator is RuleOperator.Eq or RuleOperator.In or RuleOperator.StartsWith or RuleOperator.Before or RuleOperator.After or RuleOperator.WithinLast,
        ConsentCondition or SegmentMembershipCondition { In: true } => true,
        TagCondition tag => tag.Has,
        _ => false,
    };

    /// <summary>
    /// The property filters of an event condition applied to one ContactEvents row under <paramref name="eventAlias"/>
    /// (e.g. to decide which stored events a points rule matches); <c>1 = 1</c> when there are none.
    /// </summary>
    public string EventProperties(string eventAlias, IReadOnlyList<PropertyFilter> filters) =>
        filters.Count == 0 ? "1 = 1" : string.Join(" AND ", filters.Select(filter => Property(Col(eventAlias, "Properties"), filter)));

    private string Attribute(AttributeCondition condition)
    {
        var a = Alias("a");
        var name = $"{Col(a, "Name")} = {P(condition.Name)}";
        if (condition.Operator == RuleOperator.NotExists)
        {
            return Exists(false, AudienceTables.ContactAttributes, a, name);
        }

        var column = Col(a, condition.Type switch
        {
            AttributeType.Number => "NumberValue",
            AttributeType.Boolean => "BooleanValue",
            AttributeType.Date or AttributeType.DateTime => "DateValue",
            _ => "TextValue",
        });
        var test = (condition.Type, condition.Operator, condition.Value) switch
        {
            (_, RuleOperator.Exists, _) => $"{column} IS NOT NULL",
            (AttributeType.List, RuleOperator.Contains, TextValue element) => _d.JsonArrayContains(column, P(element.Value)),
            (_, RuleOperator.Contains, TextValue text) => _d.LikeLower(column, P("%" + EscapeLike(text.Value.ToLowerInvariant()) + "%")),
            (_, RuleOperator.StartsWith, TextValue text) => _d.LikeLower(column, P(EscapeLike(text.Value.ToLowerInvariant()) + "%")),
            (_, RuleOperator.WithinLast, DurationValue window) => $"{column} >= {P(Since(window.Duration))} AND {column} <= {_now}",
            (_, RuleOperator.OlderThan, DurationValue window) => $"{column} < {P(Since(window.Duration))}",
            (_, RuleOperator.Before, InstantValue instant) => $"{column} < {P(instant.Utc)}",
            (_, RuleOperator.After, InstantValue instant) => $"{column} > {P(instant.Utc)}",
            (_, _, var value) => Compare(column, condition.Operator, value),
        };
        return Exists(true, AudienceTables.ContactAttributes, a, $"{name} AND {test}");
    }

    private string Event(EventCondition condition)
    {
        var e = Alias("e");
        var filters = new List<string> { $"{Col(e, "Name")} = {P(condition.Name)}" };
        if (condition.Within is { } within)
        {
            filters.Add($"{Col(e, "OccurredAt")} >= {P(Since(within))} AND {Col(e, "OccurredAt")} <= {_now}");
        }

        filters.AddRange(condition.Where.Select(filter => Property(Col(e, "Properties"), filter)));
        var where = string.Join(" AND ", filters);
        if (_form == SegmentSqlForm.Set)
        {
            return EventSet(condition, e, where);
        }

        switch (condition.Measure)
        {
            // "At least once" and "never" are the common cases: EXISTS stops at the first row the index finds.
            case CountMeasure { Operator: RuleOperator.Gte, Value: 1 } or CountMeasure { Operator: RuleOperator.Gt, Value: 0 }:
                return Exists(true, AudienceTables.ContactEvents, e, where);
            case CountMeasure { Operator: RuleOperator.Eq or RuleOperator.Lte, Value: 0 } or CountMeasure { Operator: RuleOperator.Lt, Value: 1 }:
                return Exists(false, AudienceTables.ContactEvents, e, where);
            case CountMeasure count:
                return $"({Scalar("COUNT(*)", AudienceTables.ContactEvents, e, where)}) {Comparison(count.Operator)} {P(count.Value)}";
            case SumMeasure sum:
                return $"COALESCE(({Scalar($"SUM({Col(e, "Amount")})", AudienceTables.ContactEvents, e, where)}), 0) {Comparison(sum.Operator)} {P(sum.Value)}";
            case LastSeenMeasure last:
                var recent = $"{where} AND {Col(e, "OccurredAt")} >= {P(Since(last.Age))} AND {Col(e, "OccurredAt")} <= {_now}";
                if (last.Recent)
                {
                    return Exists(true, AudienceTables.ContactEvents, e, recent);
                }

                var old = Alias("e");
                var oldWhere = $"{Col(old, "Name")} = {P(condition.Name)} AND {Col(old, "OccurredAt")} < {P(Since(last.Age))}";
                oldWhere = string.Join(" AND ", [oldWhere, .. condition.Where.Select(filter => Property(Col(old, "Properties"), filter))]);
                return $"({Exists(true, AudienceTables.ContactEvents, old, oldWhere)} AND {Exists(false, AudienceTables.ContactEvents, e, recent)})";
            default:
                throw new NotSupportedException($"No SQL for {condition.Measure.GetType().Name}.");
        }
    }

    /// <summary>
    /// The set form of an event condition. A count or sum that is false for a contact without events selects the
    /// contacts whose group passes (IN … HAVING); one that is true at zero (count eq 0, lt 3, sum lte 100 …) excludes
    /// the contacts whose group fails (NOT IN … HAVING NOT), so contacts without any such event stay in.
    /// </summary>
    private string EventSet(EventCondition condition, string e, string where)
    {
        var events = $"{_d.Quote(AudienceTables.ContactEvents)} {e}";
        switch (condition.Measure)
        {
            case CountMeasure { Operator: RuleOperator.Gte, Value: 1 } or CountMeasure { Operator: RuleOperator.Gt, Value: 0 }:
                return $"{ContactId} IN (SELECT {Col(e, "ContactId")} FROM {events} WHERE {where})";
            case CountMeasure { Operator: RuleOperator.Eq or RuleOperator.Lte, Value: 0 } or CountMeasure { Operator: RuleOperator.Lt, Value: 1 }:
                return $"{ContactId} NOT IN (SELECT {Col(e, "ContactId")} FROM {events} WHERE {where})";
            case CountMeasure count:
                return Grouped("COUNT(*)", count.Operator, P(count.Value), Holds(0m, count.Operator, count.Value));
            case SumMeasure sum:
                return Grouped($"COALESCE(SUM({Col(e, "Amount")}), 0)", sum.Operator, P(sum.Value), Holds(0m, sum.Operator, sum.Value));
            case LastSeenMeasure last:
                var recent = $"{ContactId} IN (SELECT {Col(e, "ContactId")} FROM {events} WHERE {where} " +
                    $"AND {Col(e, "OccurredAt")} >= {P(Since(last.Age))} AND {Col(e, "OccurredAt")} <= {_now})";
                if (last.Recent)
                {
                    return recent;
                }

                var old = Alias("e");
                var oldWhere = string.Join(" AND ", [
                    $"{Col(old, "Name")} = {P(condition.Name)} AND {Col(old, "OccurredAt")} < {P(Since(last.Age))}",
                    .. condition.Where.Select(filter => Property(Col(old, "Properties"), filter))]);
                return $"({ContactId} IN (SELECT {Col(old, "ContactId")} FROM {_d.Quote(AudienceTables.ContactEvents)} {old} WHERE {oldWhere}) AND NOT {recent})";
            default:
                throw new NotSupportedException($"No SQL for {condition.Measure.GetType().Name}.");
        }

        string Grouped(string aggregate, RuleOperator op, string value, bool trueAtZero)
        {
            var groups = $"SELECT {Col(e, "ContactId")} FROM {events} WHERE {where} GROUP BY {Col(e, "ContactId")}";
            return trueAtZero
                ? $"{ContactId} NOT IN ({groups} HAVING NOT ({aggregate} {Comparison(op)} {value}))"
                : $"{ContactId} IN ({groups} HAVING {aggregate} {Comparison(op)} {value})";
        }
    }

    /// <summary>Whether a count or sum of zero passes the comparison: decides between the IN and NOT IN forms.</summary>
    private static bool Holds(decimal zero, RuleOperator op, decimal value) => op switch
    {
        RuleOperator.Eq => zero == value,
        RuleOperator.Ne => zero != value,
        RuleOperator.Gt => zero > value,
        RuleOperator.Gte => zero >= value,
        RuleOperator.Lt => zero < value,
        RuleOperator.Lte => zero <= value,
        _ => throw new NotSupportedException($"{op} is not a comparison."),
    };

    private string Property(string json, PropertyFilter filter)
    {
        var path = P(_d.JsonPath(filter.Path));
        return (filter.Operator, filter.Value) switch
        {
            (RuleOperator.Exists, _) => _d.JsonExists(json, path),
            (RuleOperator.NotExists, _) => $"NOT ({_d.JsonExists(json, path)})",
            (RuleOperator.Contains, TextValue text) => _d.LikeLower(_d.JsonText(json, path), P("%" + EscapeLike(text.Value.ToLowerInvariant()) + "%")),
            (RuleOperator.StartsWith, TextValue text) => _d.LikeLower(_d.JsonText(json, path), P(EscapeLike(text.Value.ToLowerInvariant()) + "%")),
            (_, TextValue or TextListValue) => Compare(_d.JsonText(json, path), filter.Operator, filter.Value),
            (_, NumberValue or NumberListValue) => Compare(_d.JsonNumber(json, path), filter.Operator, filter.Value),
            (_, BooleanValue flag) => Compare(_d.JsonBoolean(json, path), filter.Operator, new TextValue(flag.Value ? "true" : "false")),
            _ => throw new NotSupportedException($"No SQL for property operator {filter.Operator}."),
        };
    }

    /// <summary>
    /// Scores 1 to 5 by quintile among the contacts with at least one such event in the window: recency by the
    /// latest one (most recent = 5), frequency by their number, monetary by the sum of Amount. Ties share a score,
    /// because the score is taken from CUME_DIST rather than NTILE.
    /// </summary>
    private string Rfm(RfmCondition rfm)
    {
        var e = Alias("e");
        var stats =
            $"SELECT {Col(e, "ContactId")} AS cid, MAX({Col(e, "OccurredAt")}) AS last_at, COUNT(*) AS frequency, COALESCE(SUM({Col(e, "Amount")}), 0) AS monetary " +
            $"FROM {_d.Quote(AudienceTables.ContactEvents)} {e} " +
            $"WHERE {Col(e, "Name")} = {P(rfm.EventName)} AND {Col(e, "OccurredAt")} >= {P(Since(rfm.Within))} AND {Col(e, "OccurredAt")} <= {_now} " +
            $"GROUP BY {Col(e, "ContactId")}";
        var scored =
            $"SELECT cid, {Quintile("last_at")} AS r, {Quintile("frequency")} AS f, {Quintile("monetary")} AS m FROM ({stats}) stats_{e}";
        var bounds = new List<string>();
        AddBound("r", rfm.Recency);
        AddBound("f", rfm.Frequency);
        AddBound("m", rfm.Monetary);
        return $"{ContactId} IN (SELECT cid FROM ({scored}) scores_{e} WHERE {string.Join(" AND ", bounds)})";

        void AddBound(string column, ScoreBound? bound)
        {
            if (bound is not null)
            {
                bounds.Add($"{column} {Comparison(bound.Operator)} {P((long)bound.Value)}");
            }
        }
    }

    private static string Quintile(string column) =>
        $"CASE WHEN CUME_DIST() OVER (ORDER BY {column}) <= 0.2 THEN 1 WHEN CUME_DIST() OVER (ORDER BY {column}) <= 0.4 THEN 2 " +
        $"WHEN CUME_DIST() OVER (ORDER BY {column}) <= 0.6 THEN 3 WHEN CUME_DIST() OVER (ORDER BY {column}) <= 0.8 THEN 4 ELSE 5 END";

    private string Segment(SegmentMembershipCondition condition)
    {
        var m = Alias("m");
        return Exists(condition.In, AudienceTables.SegmentMemberships, m, $"{Col(m, "SegmentId")} = {P(condition.SegmentId)}");
    }

    private string Consent(ConsentCondition condition)
    {
        var k = Alias("k");
        return Exists(true, AudienceTables.ContactConsents, k,
            $"{Col(k, "Channel")} = {P(condition.Channel)} AND {Col(k, "Topic")} = {P(condition.Topic)} AND {Col(k, "Status")} = {P(condition.Status)}");
    }

    private string Stage(StageCondition stage)
    {
        var column = Col("c", "LifecycleStage");
        var inList = $"{column} IN ({string.Join(", ", stage.Stages.Select(s => P(s)))})";

        // A contact without a stage is "not in" any list of stages.
        return stage.Negated ? $"({column} IS NULL OR NOT ({inList}))" : $"({column} IS NOT NULL AND {inList})";
    }

    private string Compare(string column, RuleOperator op, RuleValue value) => (op, value) switch
    {
        (RuleOperator.In, TextListValue list) => $"{column} IN ({string.Join(", ", list.Values.Select(v => P(v)))})",
        (RuleOperator.In, NumberListValue list) => $"{column} IN ({string.Join(", ", list.Values.Select(v => P(v)))})",
        (_, TextValue text) => $"{column} {Comparison(op)} {P(text.Value)}",
        (_, NumberValue number) => $"{column} {Comparison(op)} {P(number.Value)}",
        (_, BooleanValue flag) => $"{column} {Comparison(op)} {P(flag.Value)}",
        (_, InstantValue instant) => $"{column} {Comparison(op)} {P(instant.Utc)}",
        _ => throw new NotSupportedException($"No SQL for {op} with {value.GetType().Name}."),
    };

    private static string Comparison(RuleOperator op) => op switch
    {
        RuleOperator.Eq => "=",
        RuleOperator.Ne => "<>",
        RuleOperator.Gt => ">",
        RuleOperator.Gte => ">=",
        RuleOperator.Lt => "<",
        RuleOperator.Lte => "<=",
        _ => throw new NotSupportedException($"{op} is not a comparison."),
    };

    private string Exists(bool exists, string table, string alias, string where) =>
        $"{(exists ? "" : "NOT ")}EXISTS (SELECT 1 FROM {_d.Quote(table)} {alias} WHERE {Col(alias, "ContactId")} = {ContactId} AND {where})";

    private string Scalar(string aggregate, string table, string alias, string where) =>
        $"SELECT {aggregate} FROM {_d.Quote(table)} {alias} WHERE {Col(alias, "ContactId")} = {ContactId} AND {where}";

    private DateTime Since(Duration window) => _nowUtc - window.Span;

    private string Alias(string prefix) => prefix + (++_aliases).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string Col(string alias, string column) => $"{alias}.{_d.Quote(column)}";

    private string P(object value) => _parameters.Add(value);

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
