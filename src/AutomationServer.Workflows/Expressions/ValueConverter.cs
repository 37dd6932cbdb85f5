using System.Globalization;
using System.Text.Json;

namespace AutomationServer.Workflows.Expressions;

/// <summary>
/// The one place where expression results become the types activity inputs ask for, and where arbitrary CLR
/// values become the plain model (string, long, double, bool, null, <see cref="Dictionary{TKey, TValue}"/> of
/// string to object, <see cref="List{T}"/> of object). Text is always read and written with the invariant culture.
/// </summary>
public static partial class ValueConverter
{
    /// <summary>
    /// Converts <paramref name="value"/> to <paramref name="targetType"/>. Null (and blank text for non-text
    /// targets) gives null, or the default of a non-nullable value type. Throws <see cref="ExpressionException"/>
    /// naming the value and the type when the conversion is not possible.
    /// </summary>
    public static object? Convert(object? value, Type targetType)
    {
        ArgumentNullException.ThrowIfNull(targetType);
        if (targetType == typeof(object))
        {
            return value;
        }

        var nullableOf = Nullable.GetUnderlyingType(targetType);
        var type = nullableOf ?? targetType;
        if (value is null || (value is string text && string.IsNullOrWhiteSpace(text) && IsBlankMeaningNull(type)))
        {
            return nullableOf is null && targetType.IsValueType ? Activator.CreateInstance(targetType) : null;
        }

        if (type.IsInstanceOfType(value))
        {
            return value;
        }

        try
        {
            return ConvertTo(value, type);
        }
        catch (ConversionImpossibleException e)
        {
            throw Failure(value, targetType, e.Message, e.InnerException);
        }
        catch (Exception e) when (e is ExpressionException or FormatException or OverflowException or InvalidCastException or ArgumentException or JsonException or NotSupportedException)
        {
            throw Failure(value, targetType, e.Message, e);
        }
    }

    /// <summary>Typed form of <see cref="Convert(object?, Type)"/>.</summary>
    public static T? Convert<T>(object? value) => (T?)Convert(value, typeof(T));

    private static object ConvertTo(object value, Type type)
    {
        if (type == typeof(string))
        {
            return ToText(value);
        }

        if (type == typeof(bool))
        {
            return ToBoolean(value);
        }

        if (type.IsEnum)
        {
            return ToEnum(value, type);
        }

        if (IsNumeric(type))
        {
            return ToNumber(value, type);
        }

        if (TryConvertTemporal(value, type, out var temporal))
        {
            return temporal;
        }

        if (type == typeof(Guid))
        {
            return Guid.Parse(ToText(value).Trim());
        }

        if (type == typeof(Uri))
        {
            return new Uri(ToText(value).Trim(), UriKind.RelativeOrAbsolute);
        }

        return ConvertStructured(value, type);
    }

    /// <summary>Text that is blank stands for "no value" except where text or a list of it is wanted.</summary>
    private static bool IsBlankMeaningNull(Type type) => type != typeof(string) && !IsSequenceType(type);

    private static ExpressionException Failure(object? value, Type targetType, string? reason, Exception? inner)
    {
        var because = string.IsNullOrWhiteSpace(reason) ? "." : $": {reason.TrimEnd('.')}.";
        return new ExpressionException($"Cannot convert {Describe(value)} to {FriendlyName(targetType)}{because}", inner);
    }

    /// <summary>Thrown by the conversion steps, which know why but not what the caller asked for; <see cref="Convert(object?, Type)"/> words the message.</summary>
    private static ConversionImpossibleException Impossible(string? reason = null, Exception? inner = null) => new(reason, inner);

    private sealed class ConversionImpossibleException(string? reason, Exception? inner) : Exception(reason, inner);

    /// <summary>A short, quoted rendering of a value for error messages.</summary>
    internal static string Describe(object? value)
    {
        const int MaxLength = 80;
        if (value is null)
        {
            return "null";
        }

        string shown;
        try
        {
            shown = ToText(value);
        }
        catch (Exception e) when (e is ExpressionException or NotSupportedException or JsonException or InvalidOperationException)
        {
            shown = value.ToString() ?? value.GetType().Name;
        }

        if (shown.Length > MaxLength)
        {
            shown = string.Concat(shown.AsSpan(0, MaxLength), "…");
        }

        return value is string ? $"\"{shown}\" (text)" : $"{shown} ({FriendlyName(value.GetType())})";
    }

    /// <summary>C#-like type names (<c>int?</c>, <c>List&lt;string&gt;</c>) for error messages.</summary>
    internal static string FriendlyName(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return FriendlyName(inner) + "?";
        }

        if (type.IsArray)
        {
            return FriendlyName(type.GetElementType()!) + "[]";
        }

        if (Aliases.TryGetValue(type, out var alias))
        {
            return alias;
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(FriendlyName))}>";
    }

    private static readonly Dictionary<Type, string> Aliases = new()
    {
        [typeof(string)] = "string",
        [typeof(bool)] = "bool",
        [typeof(int)] = "int",
        [typeof(long)] = "long",
        [typeof(short)] = "short",
        [typeof(byte)] = "byte",
        [typeof(sbyte)] = "sbyte",
        [typeof(uint)] = "uint",
        [typeof(ulong)] = "ulong",
        [typeof(ushort)] = "ushort",
        [typeof(double)] = "double",
        [typeof(float)] = "float",
        [typeof(decimal)] = "decimal",
        [typeof(object)] = "object",
    };

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
}
