using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Workflows.Definitions;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace AutomationServer.Workflows.Expressions.JavaScript;

/// <summary>
/// Moves values between the plain CLR model and JavaScript by copying: a script gets its own objects and
/// arrays, never a live view of the workflow's data (except through <c>variables</c>, which writes back).
/// Out of JavaScript: integral numbers become <see cref="long"/>, other numbers <see cref="double"/>, objects
/// <see cref="Dictionary{TKey, TValue}"/>, arrays <see cref="List{T}"/>, and a <c>Date</c> becomes ISO-8601
/// UTC text (as <c>Date.prototype.toISOString</c> writes it), because the plain model has no date type and the
/// value converter turns that text into a <see cref="DateTimeOffset"/> wherever an input asks for one.
/// Functions, symbols and <c>undefined</c> properties are left out, as <c>JSON.stringify</c> does.
/// </summary>
internal static class JsValueConverter
{
    private const int MaxDepth = 64;

    // The largest doubles that still fit a long; comparing against them avoids an overflowing cast.
    private const double LongMinAsDouble = -9.2233720368547758E18;
    private const double LongLimitAsDouble = 9.2233720368547758E18;

    public static JsValue ToJs(Engine engine, object? value) => ToJs(engine, value, 0);

    public static object? ToClr(JsValue value) => ToClr(value, 0);

    /// <summary>A JavaScript number as the plain model has it: integral values that fit become <see cref="long"/>.</summary>
    public static object FromNumber(double number) =>
        number % 1 == 0 && number >= LongMinAsDouble && number < LongLimitAsDouble ? (object)(long)number : number;

    private static JsValue ToJs(Engine engine, object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ExpressionException("The value is nested too deeply or contains a cycle.");
        }

        switch (value)
        {
            case null:
                return JsValue.Null;
            case string s:
                return new JsString(s);
            case bool b:
                return b ? JsBoolean.True : JsBoolean.False;
            case long l:
                return JsNumber.Create(l);
            case int i:
                return JsNumber.Create(i);
            case double d:
                return JsNumber.Create(d);
            case decimal m:
                return JsNumber.Create(m);
            case float or short or byte or sbyte or ushort or uint or ulong:
                return JsNumber.Create(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case DateTimeOffset dto:
                return new JsDate(engine, dto);
            case DateTime dt:
                return new JsDate(engine, dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt);
            case JsValue js:
                return js;
            case JsonElement or JsonNode:
                return ToJs(engine, value is JsonElement element ? InputJson.ToClr(element) : InputJson.ToClr((JsonNode)value), depth);
            case IDictionary<string, object?> map:
                var obj = new JsObject(engine);
                foreach (var (key, item) in map)
                {
                    obj.FastSetDataProperty(key, ToJs(engine, item, depth + 1));
                }

                return obj;
            case IList list:
                var items = new JsValue[list.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = ToJs(engine, list[i], depth + 1);
                }

                return new JsArray(engine, items);
            default:
                // Guids, enums, durations, records...: their plain-model shape, never a live CLR object.
                return ToJs(engine, ValueConverter.ToPlain(value), depth + 1);
        }
    }

    private static object? ToClr(JsValue value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ExpressionException("The value is nested too deeply or contains a cycle.");
        }

        switch (value.Type)
        {
            case Types.Undefined or Types.Null or Types.Empty or Types.Symbol:
                return null;
            case Types.Boolean:
                return value.AsBoolean();
            case Types.Number:
                return FromNumber(value.AsNumber());
            case Types.String:
                return value.ToString();
            case Types.BigInt:
                var big = (BigInteger)value.ToObject()!;
                return big >= long.MinValue && big <= long.MaxValue ? (long)big : big.ToString(CultureInfo.InvariantCulture);
        }

        if (value is not ObjectInstance obj || value.IsCallable())
        {
            return null;
        }

        if (value is JsDate date)
        {
            return double.IsNaN(date.DateValue)
                ? null
                : DateTimeOffset.FromUnixTimeMilliseconds((long)date.DateValue).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }

        if (value is ObjectWrapper wrapper)
        {
            return ValueConverter.ToPlain(wrapper.Target);
        }

        if (value.IsArray())
        {
            var array = value.AsArray();
            var length = array.Length;
            var list = new List<object?>((int)Math.Min(length, 1024));
            for (uint i = 0; i < length; i++)
            {
                list.Add(ToClr(array.Get(i), depth + 1));
            }

            return list;
        }

        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var key in obj.GetOwnPropertyKeys(Types.String))
        {
            var descriptor = obj.GetOwnProperty(key);
            if (descriptor == Jint.Runtime.Descriptors.PropertyDescriptor.Undefined || !descriptor.Enumerable)
            {
                continue;
            }

            var item = obj.Get(key);
            if (item.IsUndefined() || item.IsSymbol() || item.IsCallable())
            {
                continue;
            }

            result[key.ToString()] = ToClr(item, depth + 1);
        }

        return result;
    }
}
