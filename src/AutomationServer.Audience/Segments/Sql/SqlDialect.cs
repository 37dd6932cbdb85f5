using System.Data.Common;
using System.Globalization;

namespace AutomationServer.Audience.Segments.Sql;

public enum SqlProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

/// <summary>
/// Everything the segment SQL does differently per database: how values are bound (SQLite keeps Guids as big-endian
/// BLOBs, times as ISO text and decimals as REAL, as the EF model stores them), JSON access to event properties,
/// list attributes, RETURNING versus OUTPUT, and paging.
/// </summary>
public sealed class SqlDialect(SqlProvider provider)
{
    public SqlProvider Provider { get; } = provider;

    /// <summary>Picks the dialect from an EF Core provider name or an ADO.NET connection type name.</summary>
    public static SqlDialect For(string providerOrConnectionType) => providerOrConnectionType switch
    {
        _ when providerOrConnectionType.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) => new SqlDialect(SqlProvider.Sqlite),
        _ when providerOrConnectionType.Contains("Npgsql", StringComparison.OrdinalIgnoreCase)
            || providerOrConnectionType.Contains("PostgreSql", StringComparison.OrdinalIgnoreCase) => new SqlDialect(SqlProvider.PostgreSql),
        _ when providerOrConnectionType.Contains("SqlServer", StringComparison.OrdinalIgnoreCase)
            || providerOrConnectionType.Contains("SqlClient", StringComparison.OrdinalIgnoreCase)
            || providerOrConnectionType == "SqlConnection" => new SqlDialect(SqlProvider.SqlServer),
        _ => throw new NotSupportedException($"Segments do not support the database provider '{providerOrConnectionType}'."),
    };

    /// <summary>Quotes a table or column name; every name is ours (never user input), quoting keeps their case.</summary>
    /// <summary>Npgsql keeps a prepared statement on the physical connection across pooled opens; the others would prepare it anew each time.</summary>
    public bool KeepsPreparedStatements => Provider == SqlProvider.PostgreSql;

    /// <summary>Makes the current transaction's commit return before its log flush (PostgreSQL's synchronous_commit); null where there is no such switch.</summary>
    public string? AsynchronousCommitStatement => Provider == SqlProvider.PostgreSql ? "SET LOCAL synchronous_commit = off" : null;

    public string Quote(string identifier) => Provider == SqlProvider.SqlServer ? $"[{identifier}]" : $"\"{identifier}\"";

    public object ToDatabase(object? value) => (Provider, value) switch
    {
        (_, null) => DBNull.Value,
        (SqlProvider.Sqlite, Guid guid) => guid.ToByteArray(bigEndian: true),
        (SqlProvider.Sqlite, DateTime time) => ToUtc(time).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        (SqlProvider.Sqlite, decimal number) => (double)number,
        (SqlProvider.Sqlite, bool flag) => flag ? 1L : 0L,
        (_, DateTime time) => ToUtc(time),
        _ => value,
    };

    public Guid ReadGuid(DbDataReader reader, int ordinal) =>
        Provider == SqlProvider.Sqlite ? new Guid((byte[])reader.GetValue(ordinal), bigEndian: true) : reader.GetGuid(ordinal);

    public DateTime ReadDateTime(DbDataReader reader, int ordinal) => Provider == SqlProvider.Sqlite
        ? DateTime.SpecifyKind(DateTime.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc)
        : DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    /// <summary>
    /// The JSON path bound as a parameter: PostgreSQL takes the keys as a text array, the others a <c>$."a"."b"</c>
    /// path (keys are checked against a strict pattern by the parser, quoting keeps them literal).
    /// </summary>
    public object JsonPath(IReadOnlyList<string> keys) =>
        Provider == SqlProvider.PostgreSql ? keys.ToArray() : "$" + string.Concat(keys.Select(k => $".\"{k}\""));

    /// <summary>The property as text when it is a JSON string (numbers and booleans are not equal to any text).</summary>
    public string JsonText(string json, string path) => Provider switch
    {
        SqlProvider.Sqlite => $"(CASE WHEN json_type({json}, {path}) = 'text' THEN json_extract({json}, {path}) END)",
        SqlProvider.PostgreSql => $"(CASE WHEN jsonb_typeof(CAST({json} AS jsonb) #> {path}) = 'string' THEN CAST({json} AS jsonb) #>> {path} END)",
        _ => $"JSON_VALUE({json}, {path})",
    };

    /// <summary>The property as a number when it is a JSON number, otherwise NULL.</summary>
    public string JsonNumber(string json, string path) => Provider switch
    {
        SqlProvider.Sqlite => $"(CASE WHEN json_type({json}, {path}) IN ('integer', 'real') THEN json_extract({json}, {path}) END)",
        SqlProvider.PostgreSql => $"(CASE WHEN jsonb_typeof(CAST({json} AS jsonb) #> {path}) = 'number' THEN CAST(CAST({json} AS jsonb) #>> {path} AS numeric) END)",
        _ => $"TRY_CAST(JSON_VALUE({json}, {path}) AS decimal(28,8))",
    };

    /// <summary>'true' or 'false' when the property is a JSON boolean, otherwise NULL.</summary>
    public string JsonBoolean(string json, string path) => Provider switch
    {
        SqlProvider.Sqlite => $"(CASE WHEN json_type({json}, {path}) IN ('true', 'false') THEN json_type({json}, {path}) END)",
        SqlProvider.PostgreSql => $"(CASE WHEN jsonb_typeof(CAST({json} AS jsonb) #> {path}) = 'boolean' THEN CAST({json} AS jsonb) #>> {path} END)",
        _ => $"JSON_VALUE({json}, {path})",
    };

    /// <summary>True when the property is present and not JSON null.</summary>
    public string JsonExists(string json, string path) => Provider switch
    {
        SqlProvider.Sqlite => $"COALESCE(json_type({json}, {path}), 'null') <> 'null'",
        SqlProvider.PostgreSql => $"COALESCE(jsonb_typeof(CAST({json} AS jsonb) #> {path}), 'null') <> 'null'",
        _ => $"(JSON_VALUE({json}, {path}) IS NOT NULL OR JSON_QUERY({json}, {path}) IS NOT NULL)",
    };

    /// <summary>True when the JSON array text holds the string <paramref name="element"/>.</summary>
    public string JsonArrayContains(string jsonArray, string element) => Provider switch
    {
        SqlProvider.Sqlite => $"EXISTS (SELECT 1 FROM json_each({jsonArray}) j WHERE j.type = 'text' AND j.value = {element})",
        SqlProvider.PostgreSql => $"CAST({jsonArray} AS jsonb) @> jsonb_build_array(CAST({element} AS text))",
        _ => $"EXISTS (SELECT 1 FROM OPENJSON({jsonArray}) j WHERE j.type = 1 AND j.value = {element})",
    };

    /// <summary>Case-insensitive LIKE against a pattern already lower-cased and escaped with backslashes.</summary>
    public string LikeLower(string expression, string pattern) => $"LOWER({expression}) LIKE {pattern} ESCAPE '\\'";

    /// <summary>An INSERT or DELETE that hands back the contact ids it touched: RETURNING, or OUTPUT on SQL Server.</summary>
    public string InsertReturning(string table, string columns, string select, string returnedColumn) => Provider == SqlProvider.SqlServer
        ? $"INSERT INTO {Quote(table)} ({columns}) OUTPUT inserted.{Quote(returnedColumn)} {select}"
        : $"INSERT INTO {Quote(table)} ({columns}) {select} RETURNING {Quote(returnedColumn)}";

    public string DeleteReturning(string table, string where, string returnedColumn) => Provider == SqlProvider.SqlServer
        ? $"DELETE FROM {Quote(table)} OUTPUT deleted.{Quote(returnedColumn)} WHERE {where}"
        : $"DELETE FROM {Quote(table)} WHERE {where} RETURNING {Quote(returnedColumn)}";

    public string Page(string orderBy, string skip, string take) => Provider == SqlProvider.SqlServer
        ? $"ORDER BY {orderBy} OFFSET {skip} ROWS FETCH NEXT {take} ROWS ONLY"
        : $"ORDER BY {orderBy} LIMIT {take} OFFSET {skip}";

    /// <summary>
    /// Month × 100 + day of a UTC time column moved by <paramref name="shiftMinutes"/> (a contact's UTC offset, so a
    /// datetime reads as the local calendar date), e.g. 229 for 29 February. PostgreSQL reads the timestamptz in UTC,
    /// never in the session's time zone.
    /// </summary>
    public string MonthDay(string utcColumn, int shiftMinutes)
    {
        var shift = shiftMinutes.ToString(CultureInfo.InvariantCulture);
        return Provider switch
        {
            SqlProvider.Sqlite => $"CAST(strftime('%m%d', {utcColumn}, '{shift} minutes') AS INTEGER)",
            SqlProvider.PostgreSql => $"CAST(to_char(({utcColumn} AT TIME ZONE 'UTC') + make_interval(mins => {shift}), 'MMDD') AS integer)",
            _ => $"(MONTH(DATEADD(minute, {shift}, {utcColumn})) * 100 + DAY(DATEADD(minute, {shift}, {utcColumn})))",
        };
    }

    /// <summary>
    /// Inserts rows whose key is not taken yet and hands back the chosen columns of the rows it inserted, so that of
    /// two writers racing for one key exactly one sees it as its own. SQL Server holds a key-range lock on the
    /// existence check, so the second writer waits and then skips rather than failing on the primary key.
    /// </summary>
    /// <param name="rows">Each row's values as placeholders, in <paramref name="columns"/> order.</param>
    public string InsertIgnoringDuplicates(string table, IReadOnlyList<string> columns, IReadOnlyList<string> keyColumns, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<string> returned)
    {
        var columnList = string.Join(", ", columns.Select(Quote));
        var values = string.Join(", ", rows.Select(r => "(" + string.Join(", ", r) + ")"));
        if (Provider != SqlProvider.SqlServer)
        {
            return $"INSERT INTO {Quote(table)} ({columnList}) VALUES {values} ON CONFLICT ({string.Join(", ", keyColumns.Select(Quote))}) DO NOTHING " +
                   $"RETURNING {string.Join(", ", returned.Select(Quote))}";
        }

        var matches = string.Join(" AND ", keyColumns.Select(k => $"t.{Quote(k)} = v.{Quote(k)}"));
        return $"INSERT INTO {Quote(table)} ({columnList}) OUTPUT {string.Join(", ", returned.Select(r => "inserted." + Quote(r)))} " +
               $"SELECT {string.Join(", ", columns.Select(c => "v." + Quote(c)))} FROM (VALUES {values}) AS v ({columnList}) " +
               $"WHERE NOT EXISTS (SELECT 1 FROM {Quote(table)} t WITH (UPDLOCK, HOLDLOCK) WHERE {matches})";
    }

    /// <summary>Inserts a row, or raises <paramref name="column"/> of the existing one to the new value when that is higher; never lowers it.</summary>
    /// <param name="values">Placeholders of the key, the column and the other columns, by column name.</param>
    public string UpsertRaising(string table, string keyColumn, string column, IReadOnlyList<(string Column, string Value)> values)
    {
        var columnList = string.Join(", ", values.Select(v => Quote(v.Column)));
        var valueList = string.Join(", ", values.Select(v => v.Value));
        if (Provider != SqlProvider.SqlServer)
        {
            return $"INSERT INTO {Quote(table)} ({columnList}) VALUES ({valueList}) ON CONFLICT ({Quote(keyColumn)}) " +
                   $"DO UPDATE SET {Quote(column)} = excluded.{Quote(column)} WHERE {Quote(table)}.{Quote(column)} < excluded.{Quote(column)}";
        }

        return $"MERGE {Quote(table)} WITH (HOLDLOCK) AS t USING (SELECT {string.Join(", ", values.Select(v => $"{v.Value} AS {Quote(v.Column)}"))}) AS v " +
               $"ON t.{Quote(keyColumn)} = v.{Quote(keyColumn)} " +
               $"WHEN MATCHED AND t.{Quote(column)} < v.{Quote(column)} THEN UPDATE SET {Quote(column)} = v.{Quote(column)} " +
               $"WHEN NOT MATCHED THEN INSERT ({columnList}) VALUES ({string.Join(", ", values.Select(v => "v." + Quote(v.Column)))});";
    }

    private static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };
}
