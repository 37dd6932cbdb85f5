using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace AutomationServer.Plugins.Loading;

/// <summary>
/// Binds a plugin's options from its configuration section and validates them as a whole object graph
/// (data annotations and <see cref="IValidatableObject"/>, nested objects and collections included),
/// naming each failing field by its configuration key.
/// </summary>
internal static class PluginOptionsBinder
{
    public static TOptions BindAndValidate<TOptions>(IConfigurationSection section) where TOptions : class, new()
    {
        var options = new TOptions();
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new PluginConfigurationException($"Options in '{section.Path}' cannot be read: {ex.Message}");
        }

        var failures = new List<string>();
        Validate(options, section.Path, failures, new HashSet<object>(ReferenceEqualityComparer.Instance));
        if (failures.Count > 0)
        {
            throw new PluginConfigurationException($"Options in '{section.Path}' are invalid: {string.Join("; ", failures)}");
        }

        return options;
    }

    private static void Validate(object instance, string path, List<string> failures, HashSet<object> visited)
    {
        if (!visited.Add(instance))
        {
            return;
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var members = result.MemberNames.Any() ? result.MemberNames : [string.Empty];
            foreach (var member in members)
            {
                var key = member.Length == 0 ? path : $"{path}:{member}";
                failures.Add($"{key}: {result.ErrorMessage}");
            }
        }

        foreach (var property in instance.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || !property.CanRead || IsLeaf(property.PropertyType))
            {
                continue;
            }

            var value = property.GetValue(instance);
            var childPath = $"{path}:{property.Name}";
            switch (value)
            {
                case null:
                    break;
                case IDictionary dictionary:
                    foreach (DictionaryEntry item in dictionary)
                    {
                        if (item.Value is not null && !IsLeaf(item.Value.GetType()))
                        {
                            Validate(item.Value, $"{childPath}:{item.Key}", failures, visited);
                        }
                    }

                    break;
                case IEnumerable sequence:
                    var index = 0;
                    foreach (var item in sequence)
                    {
                        if (item is not null && !IsLeaf(item.GetType()))
                        {
                            Validate(item, $"{childPath}:{index}", failures, visited);
                        }

                        index++;
                    }

                    break;
                default:
                    Validate(value, childPath, failures, visited);
                    break;
            }
        }
    }

    /// <summary>Values without options of their own inside: primitives, strings, framework value types (TimeSpan, Uri...).</summary>
    private static bool IsLeaf(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(decimal)
            || (underlying.Namespace?.StartsWith("System", StringComparison.Ordinal) == true && !typeof(IEnumerable).IsAssignableFrom(underlying));
    }
}
