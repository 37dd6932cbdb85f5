using System.Data.Common;

namespace AutomationServer.Audience.Segments.Sql;

/// <summary>The values of one statement, bound by name; rule values only ever reach SQL through here.</summary>
public sealed class SqlParameters
{
    private readonly List<KeyValuePair<string, object?>> _values = [];

    public IReadOnlyList<KeyValuePair<string, object?>> Values => _values;

    /// <summary>Adds a value and returns its placeholder.</summary>
    public string Add(object? value)
    {
        var name = "@p" + _values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _values.Add(new(name, value));
        return name;
    }

    public void BindTo(DbCommand command, SqlDialect dialect)
    {
        foreach (var (name, value) in _values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = dialect.ToDatabase(value);
            command.Parameters.Add(parameter);
        }
    }
}

/// <summary>SQL text with the parameters it uses.</summary>
public sealed record SqlStatement(string Text, SqlParameters Parameters)
{
    /// <summary>
    /// The statement runs again and again with this exact text (the per-contact membership checks): prepare it where the
    /// driver keeps prepared statements on the pooled connection, so the database plans it once instead of every time.
    /// </summary>
    public bool Prepare { get; init; }
}
