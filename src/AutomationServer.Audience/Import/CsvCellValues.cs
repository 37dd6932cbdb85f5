using System.Globalization;
using System.Text.Json;
using AutomationServer.Audience.Contacts;

namespace AutomationServer.Audience.Import;

/// <summary>
/// Turns a CSV cell into the JSON the API would have received for the attribute, so the API's own type checks and
/// messages apply: a cell that is not a number stays a string and is then rejected as "Expected a number".
/// </summary>
internal static class CsvCellValues
{
    public const char ListSeparator = ';';

    public static JsonElement ToJson(string attributeType, string cell)
    {
        switch (attributeType)
        {
            case AttributeTypes.Number when decimal.TryParse(cell, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number):
                return JsonSerializer.SerializeToElement(number);
            case AttributeTypes.Boolean when bool.TryParse(cell, out var flag):
                return JsonSerializer.SerializeToElement(flag);
            case AttributeTypes.List when cell.StartsWith('['):
                try
                {
                    return JsonDocument.Parse(cell).RootElement.Clone();
                }
                catch (JsonException)
                {
                    return JsonSerializer.SerializeToElement(cell);
                }

            case AttributeTypes.List:
                return JsonSerializer.SerializeToElement(SplitList(cell));
            default:
                return JsonSerializer.SerializeToElement(cell);
        }
    }

    public static string[] SplitList(string cell) => cell.Split(ListSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
