using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AutomationServer.Persistence.Model;

/// <summary>
/// Stores every DateTime as UTC and hands it back with <see cref="DateTimeKind.Utc"/>: SQLite and SQL Server
/// return <see cref="DateTimeKind.Unspecified"/>, and PostgreSQL refuses non-UTC values for timestamptz.
/// </summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(value => ToUtc(value), value => AsUtc(value))
{
    /// <summary>Unspecified values are taken to be UTC already; local ones are converted.</summary>
    public static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    public static DateTime AsUtc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
