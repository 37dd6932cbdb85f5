using System.Reflection;
using AutomationServer.Sdk.Plugins;

namespace AutomationServer.Sdk.Tests;

/// <summary>
/// Plugins must not be tied to the host's implementation choices: no type from EF Core, Quartz, Serilog
/// or MVC may appear anywhere in the SDK's public surface (nor may the SDK reference those assemblies).
/// </summary>
public sealed class SurfaceIsolationTests
{
    private static readonly string[] ForbiddenPrefixes =
    [
        "Microsoft.EntityFrameworkCore",
        "Quartz",
        "Serilog",
        "Microsoft.AspNetCore.Mvc",
    ];

    [Fact]
    public void No_forbidden_assembly_is_referenced()
    {
        var references = typeof(IPluginStartup).Assembly.GetReferencedAssemblies().Select(name => name.Name!).ToList();

        Assert.DoesNotContain(references, name => ForbiddenPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Fact]
    public void No_public_member_exposes_a_forbidden_type()
    {
        var offenders = new List<string>();
        foreach (var type in typeof(IPluginStartup).Assembly.GetExportedTypes())
        {
            foreach (var used in TypesUsedBy(type).SelectMany(Unwrap))
            {
                if (ForbiddenPrefixes.Any(prefix => used.Namespace?.StartsWith(prefix, StringComparison.Ordinal) == true))
                {
                    offenders.Add($"{type.FullName} uses {used.FullName}");
                }
            }
        }

        Assert.Empty(offenders);
    }

    /// <summary>A type and every type it is built from (generic arguments, array and by-ref element types).</summary>
    private static IEnumerable<Type> Unwrap(Type type)
    {
        yield return type;
        if (type.HasElementType)
        {
            foreach (var inner in Unwrap(type.GetElementType()!))
            {
                yield return inner;
            }
        }

        if (type.IsGenericType)
        {
            foreach (var inner in type.GetGenericArguments().SelectMany(Unwrap))
            {
                yield return inner;
            }
        }
    }

    private static IEnumerable<Type> TypesUsedBy(Type type)
    {
        const BindingFlags Visible = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is { } baseType)
        {
            yield return baseType;
        }

        foreach (var implemented in type.GetInterfaces())
        {
            yield return implemented;
        }

        foreach (var member in type.GetMembers(Visible))
        {
            switch (member)
            {
                case PropertyInfo property:
                    yield return property.PropertyType;
                    break;
                case FieldInfo field:
                    yield return field.FieldType;
                    break;
                case MethodBase method:
                    if (method is MethodInfo info)
                    {
                        yield return info.ReturnType;
                    }

                    foreach (var parameter in method.GetParameters())
                    {
                        yield return parameter.ParameterType;
                    }

                    break;
                case EventInfo @event when @event.EventHandlerType is not null:
                    yield return @event.EventHandlerType;
                    break;
            }
        }
    }
}
