using System.Globalization;
using System.Xml;

namespace AutomationServer.Workflows.Expressions;

public static partial class ValueConverter
{
    private const DateTimeStyles AssumeUtc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces;

    private static bool TryConvertTemporal(object value, Type type, out object result)
    {
        if (type == typeof(TimeSpan))
        {
            result = ToTimeSpan(value);
        }
        else if (type == typeof(DateTimeOffset))
        {
            result = ToDateTimeOffset(value);
        }
        else if (type == typeof(DateTime))
        {
            result = ToDateTimeOffset(value).UtcDateTime;
        }
        else if (type == typeof(DateOnly))
        {
            result = value is string s && DateOnly.TryParse(s.Trim(), Invariant, DateTimeStyles.AllowWhiteSpaces, out var date)
                ? date
                : DateOnly.FromDateTime(ToDateTimeOffset(value).DateTime);
        }
        else if (type == typeof(TimeOnly))
        {
            result = ToTimeOnly(value);
        }
        else
        {
            result = null!;
            return false;
        }

        return true;
    }

    /// <summary>
    /// Durations are written three ways in workflow JSON: <c>hh:mm:ss</c> / <c>d.hh:mm:ss</c> (Elsa's Delay),
    /// ISO-8601 (<c>PT20S</c>, <c>P2D</c>), or a bare number of milliseconds.
    /// </summary>
    private static TimeSpan ToTimeSpan(object value)
    {
        switch (value)
        {
            case double d:
                return TimeSpan.FromMilliseconds(d);
            case IConvertible when IsNumeric(value.GetType()):
                return TimeSpan.FromMilliseconds(System.Convert.ToDouble(value, Invariant));
            case TimeOnly time:
                return time.ToTimeSpan();
        }

        var text = Trimmed(value);
        if (TryParseDouble(text, out var milliseconds))
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal))
        {
            try
            {
                return XmlConvert.ToTimeSpan(text);
            }
            catch (FormatException e)
            {
                throw Impossible("it is not an ISO-8601 duration", e);
            }
        }

        return TimeSpan.TryParse(text, Invariant, out var span)
            ? span
            : throw Impossible("expected hh:mm:ss, d.hh:mm:ss, an ISO-8601 duration such as PT20S, or milliseconds");
    }

    /// <summary>Text without an offset is UTC; numbers are Unix milliseconds.</summary>
    private static DateTimeOffset ToDateTimeOffset(object value)
    {
        switch (value)
        {
            case DateTimeOffset dto:
                return dto;
            case DateTime dt:
                return dt.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(dt, TimeSpan.Zero) : new DateTimeOffset(dt);
            case DateOnly date:
                return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            case double d:
                return DateTimeOffset.FromUnixTimeMilliseconds(checked((long)d));
            case IConvertible when IsNumeric(value.GetType()):
                return DateTimeOffset.FromUnixTimeMilliseconds(System.Convert.ToInt64(value, Invariant));
        }

        return DateTimeOffset.TryParse(Trimmed(value), Invariant, AssumeUtc, out var parsed)
            ? parsed
            : throw Impossible("expected an ISO-8601 date and time such as 2024-05-01T09:30:00Z");
    }

    private static TimeOnly ToTimeOnly(object value)
    {
        switch (value)
        {
            case TimeSpan span:
                return TimeOnly.FromTimeSpan(span);
            case DateTimeOffset dto:
                return TimeOnly.FromDateTime(dto.DateTime);
            case DateTime dt:
                return TimeOnly.FromDateTime(dt);
        }

        return TimeOnly.TryParse(Trimmed(value), Invariant, DateTimeStyles.AllowWhiteSpaces, out var time)
            ? time
            : throw Impossible("expected a time of day such as 09:30");
    }
}
