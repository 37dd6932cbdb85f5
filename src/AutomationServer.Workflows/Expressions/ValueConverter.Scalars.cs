using System.Globalization;
using System.Text.Json;

namespace AutomationServer.Workflows.Expressions;

public static partial class ValueConverter
{
    private static bool IsNumeric(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(decimal)
        || type == typeof(float) || type == typeof(short) || type == typeof(byte) || type == typeof(sbyte)
        || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort);

    private static bool IsIntegral(Type type) => IsNumeric(type) && type != typeof(double) && type != typeof(float) && type != typeof(decimal);

    private static bool ToBoolean(object value)
    {
        switch (value)
        {
            case bool b:
                return b;
            case string s:
                var text = s.Trim();
                if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1" || text.Equals("yes", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                if (text.Equals("false", StringComparison.OrdinalIgnoreCase) || text == "0" || text.Equals("no", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                throw Impossible("expected true or false");
            case double d:
                return d != 0 && !double.IsNaN(d);
            case float f:
                return f != 0 && !float.IsNaN(f);
            case JsonElement { ValueKind: JsonValueKind.True }:
                return true;
            case JsonElement { ValueKind: JsonValueKind.False }:
                return false;
            case IConvertible when IsNumeric(value.GetType()):
                return System.Convert.ToDecimal(value, Invariant) != 0;
            default:
                throw Impossible();
        }
    }

    private static object ToNumber(object value, Type type)
    {
        switch (value)
        {
            case bool b:
                return System.Convert.ChangeType(b ? 1 : 0, type, Invariant);
            case string s:
                return ParseNumber(s.Trim(), type);
            case JsonElement { ValueKind: JsonValueKind.Number } element:
                return ParseNumber(element.GetRawText(), type);
            case Enum e:
                return System.Convert.ChangeType(System.Convert.ToInt64(e, Invariant), type, Invariant);
            case double or float or decimal when IsIntegral(type):
                var whole = System.Convert.ToDecimal(value, Invariant);
                if (decimal.Truncate(whole) != whole)
                {
                    throw Impossible("it is not a whole number");
                }

                return System.Convert.ChangeType(whole, type, Invariant);
            case IConvertible when IsNumeric(value.GetType()):
                return System.Convert.ChangeType(value, type, Invariant);
            default:
                throw Impossible();
        }
    }

    private static object ParseNumber(string text, Type type)
    {
        if (IsIntegral(type))
        {
            if (long.TryParse(text, NumberStyles.Integer, Invariant, out var integer))
            {
                return System.Convert.ChangeType(integer, type, Invariant);
            }

            if (type == typeof(ulong) && ulong.TryParse(text, NumberStyles.Integer, Invariant, out var unsigned))
            {
                return unsigned;
            }

            if (decimal.TryParse(text, NumberStyles.Float, Invariant, out var fractional))
            {
                return decimal.Truncate(fractional) == fractional
                    ? System.Convert.ChangeType(fractional, type, Invariant)
                    : throw Impossible("it is not a whole number");
            }

            throw Impossible("it is not a number");
        }

        if (type == typeof(decimal))
        {
            return decimal.TryParse(text, NumberStyles.Float, Invariant, out var exact) ? exact : throw Impossible("it is not a number");
        }

        return TryParseDouble(text, out var number)
            ? System.Convert.ChangeType(number, type, Invariant)
            : throw Impossible("it is not a number");
    }

    private static object ToEnum(object value, Type type)
    {
        if (value is string or JsonElement { ValueKind: JsonValueKind.String })
        {
            var text = Trimmed(value);
            var isNumber = long.TryParse(text, NumberStyles.Integer, Invariant, out var number);
            if (!isNumber && Enum.TryParse(type, text, ignoreCase: true, out var named))
            {
                return named!;
            }

            if (!isNumber)
            {
                throw Impossible($"expected one of {string.Join(", ", Enum.GetNames(type))}");
            }

            value = number;
        }

        if (value is Enum || (value is IConvertible && IsNumeric(value.GetType())))
        {
            var underlying = System.Convert.ChangeType(value is Enum ? System.Convert.ToInt64(value, Invariant) : value, Enum.GetUnderlyingType(type), Invariant);
            if (Enum.IsDefined(type, underlying) || type.IsDefined(typeof(FlagsAttribute), inherit: false))
            {
                return Enum.ToObject(type, underlying);
            }

            throw Impossible($"expected one of {string.Join(", ", Enum.GetNames(type))}");
        }

        throw Impossible();
    }
}
