using AutomationServer.Sdk.Activities;

namespace AutomationServer.Workflows.Descriptors;

/// <summary>The type names Elsa 3 writes in <c>typeName</c> fields, and the editor each one gets by default.</summary>
internal static class TypeNames
{
    public static string Of(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsArray)
        {
            return Of(underlying.GetElementType()!) + "[]";
        }

        return underlying switch
        {
            _ when underlying == typeof(string) => "String",
            _ when underlying == typeof(bool) => "Boolean",
            _ when underlying == typeof(int) => "Int32",
            _ when underlying == typeof(long) => "Int64",
            _ when underlying == typeof(double) => "Double",
            _ when underlying == typeof(decimal) => "Decimal",
            _ when underlying == typeof(TimeSpan) => "TimeSpan",
            _ when underlying == typeof(DateTimeOffset) => "DateTimeOffset",
            _ when underlying == typeof(DateTime) => "DateTime",
            _ when underlying == typeof(object) => "Object",
            _ => underlying.Name,
        };
    }

    public static string DefaultHint(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying == typeof(bool) => UIHints.Checkbox,
            _ when underlying == typeof(TimeSpan) => UIHints.Duration,
            _ when underlying == typeof(DateTimeOffset) || underlying == typeof(DateTime) => UIHints.DateTime,
            _ when underlying.IsArray => UIHints.List,
            _ => UIHints.SingleLine,
        };
    }
}
