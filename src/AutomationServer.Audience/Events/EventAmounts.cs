using System.Text.Json;

namespace AutomationServer.Audience.Events;

/// <summary>Finds the money an event carries so that sums in segment SQL need no JSON functions.</summary>
public static class EventAmounts
{
    private static readonly string[] Properties = ["value", "revenue", "total", "amount"];
    private static readonly decimal Max = 99_999_999_999_999_999_999m;

    /// <summary>The first numeric of <c>value</c>, <c>revenue</c>, <c>total</c>, <c>amount</c> (a numeric string counts too).</summary>
    public static decimal? From(JsonElement properties)
    {
        if (properties.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in Properties)
        {
            if (!properties.TryGetProperty(name, out var value))
            {
                continue;
            }

            decimal? amount = value.ValueKind switch
            {
                JsonValueKind.Number when value.TryGetDecimal(out var number) => number,
                JsonValueKind.String when decimal.TryParse(value.GetString(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => null,
            };
            if (amount is { } found && Math.Abs(found) <= Max)
            {
                return Math.Round(found, 8, MidpointRounding.ToEven);
            }
        }

        return null;
    }
}
