using System.Collections.Concurrent;
using System.Reflection;
using AutomationServer.Sdk.Activities;

namespace AutomationServer.Workflows.Descriptors;

/// <summary>
/// The activity types this server knows, keyed by (type name, version). Built-in activities and
/// plugin activities register here the same way; workflows refer to them only by type name and version.
/// </summary>
public sealed class ActivityRegistry
{
    private readonly ConcurrentDictionary<(string TypeName, int Version), ActivityDescriptor> _byKey = new();
    private readonly ConcurrentDictionary<string, ActivityDescriptor> _latestByName = new(StringComparer.Ordinal);

    public IReadOnlyCollection<ActivityDescriptor> All => _byKey.Values.OrderBy(d => d.Category).ThenBy(d => d.TypeName).ThenBy(d => d.Version).ToList();

    public ActivityDescriptor Register(Type activityType, string source = "core")
    {
        var descriptor = Describe(activityType, source);
        if (!_byKey.TryAdd((descriptor.TypeName, descriptor.Version), descriptor) &&
            _byKey[(descriptor.TypeName, descriptor.Version)].ClrType != activityType)
        {
            throw new InvalidOperationException($"Activity type '{descriptor.TypeName}' version {descriptor.Version} is already registered by '{_byKey[(descriptor.TypeName, descriptor.Version)].Source}'.");
        }

        _latestByName.AddOrUpdate(descriptor.TypeName, descriptor, (_, existing) => existing.Version >= descriptor.Version ? existing : descriptor);
        return descriptor;
    }

    public ActivityDescriptor Register<TActivity>(string source = "core") where TActivity : Activity => Register(typeof(TActivity), source);

    /// <summary>
    /// Registers an activity type, replacing the implementation of the same type name and version when the
    /// same source registered it before (a plugin reloaded during development). Other sources' types are never replaced.
    /// </summary>
    public ActivityDescriptor Replace(Type activityType, string source)
    {
        var descriptor = Describe(activityType, source);
        var key = (descriptor.TypeName, descriptor.Version);
        if (_byKey.TryGetValue(key, out var existing) && existing.Source != source)
        {
            throw new InvalidOperationException($"Activity type '{descriptor.TypeName}' version {descriptor.Version} is registered by '{existing.Source}', not '{source}'.");
        }

        _byKey[key] = descriptor;
        _latestByName.AddOrUpdate(descriptor.TypeName, descriptor, (_, current) => current.Version > descriptor.Version ? current : descriptor);
        return descriptor;
    }

    /// <summary>Reflects an activity class into its descriptor without registering it; throws <see cref="ArgumentException"/> when the class is not a valid activity.</summary>
    public static ActivityDescriptor Describe(Type activityType, string source) => ActivityDescriptorFactory.Describe(activityType) with { Source = source };

    /// <summary>The exact version, or null when this server lacks it.</summary>
    public ActivityDescriptor? Find(string typeName, int version) =>
        _byKey.TryGetValue((typeName, version), out var descriptor) ? descriptor : null;

    /// <summary>The highest registered version of a type, or null when the type is unknown.</summary>
    public ActivityDescriptor? FindLatest(string typeName) => _latestByName.GetValueOrDefault(typeName);

    /// <summary>Creates the node's activity object. Inputs are bound by <see cref="Runtime.ActivityBinder"/>.</summary>
    internal static Activity CreateInstance(ActivityDescriptor descriptor) =>
        (Activity)Activator.CreateInstance(descriptor.ClrType ?? throw new InvalidOperationException($"'{descriptor.TypeName}' has no implementation."))!;
}

/// <summary>Reflects an activity class (its <see cref="ActivityAttribute"/> and typed input/output properties) into a descriptor.</summary>
internal static class ActivityDescriptorFactory
{
    public static ActivityDescriptor Describe(Type type)
    {
        if (!typeof(Activity).IsAssignableFrom(type) || type.IsAbstract)
        {
            throw new ArgumentException($"{type.FullName} is not a concrete activity.", nameof(type));
        }

        var attribute = type.GetCustomAttribute<ActivityAttribute>()
            ?? throw new ArgumentException($"{type.FullName} has no [Activity] attribute.", nameof(type));

        var inputs = new List<InputDescriptor>();
        var outputs = new List<OutputDescriptor>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var propertyType = property.PropertyType;
            if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(Input<>))
            {
                var valueType = propertyType.GetGenericArguments()[0];
                var input = property.GetCustomAttribute<InputAttribute>() ?? new InputAttribute();
                inputs.Add(new InputDescriptor
                {
                    Name = JsonName(property.Name),
                    PropertyName = property.Name,
                    ValueType = valueType,
                    TypeName = TypeNames.Of(valueType),
                    DisplayName = input.DisplayName ?? Humanize(property.Name),
                    Description = input.Description,
                    UIHint = input.UIHint ?? TypeNames.DefaultHint(valueType),
                    Format = property.GetCustomAttribute<LiteralFormatAttribute>()?.Format,
                    DefaultValue = input.DefaultValue,
                    Required = input.Required,
                    Options = input.Options,
                    DefaultSyntax = input.DefaultSyntax,
                    SupportsExpressions = input.SupportsExpressions,
                    Order = input.Order,
                });
            }
            else if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(Output<>))
            {
                var output = property.GetCustomAttribute<OutputAttribute>() ?? new OutputAttribute();
                outputs.Add(new OutputDescriptor
                {
                    Name = JsonName(property.Name),
                    PropertyName = property.Name,
                    TypeName = TypeNames.Of(propertyType.GetGenericArguments()[0]),
                    DisplayName = output.DisplayName ?? Humanize(property.Name),
                    Description = output.Description,
                });
            }
        }

        return new ActivityDescriptor
        {
            TypeName = attribute.TypeName,
            Version = attribute.Version,
            Category = attribute.Category,
            DisplayName = attribute.DisplayName ?? Humanize(attribute.TypeName[(attribute.TypeName.LastIndexOf('.') + 1)..]),
            Description = attribute.Description,
            Inputs = inputs.OrderBy(i => i.Order).ToList(),
            Outputs = outputs,
            Outcomes = attribute.Outcomes,
            DynamicOutcomes = attribute.DynamicOutcomes,
            MaySuspend = attribute.MaySuspend,
            IsTrigger = typeof(ITriggerActivity).IsAssignableFrom(type),
            ClrType = type,
        };
    }

    /// <summary>Elsa 3 writes input properties in camelCase.</summary>
    internal static string JsonName(string propertyName) => char.ToLowerInvariant(propertyName[0]) + propertyName[1..];

    private static string Humanize(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                builder.Append(' ');
            }

            builder.Append(name[i]);
        }

        return builder.ToString();
    }
}
