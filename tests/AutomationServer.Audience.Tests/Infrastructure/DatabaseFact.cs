using Xunit.Abstractions;
using Xunit.Sdk;

namespace AutomationServer.Audience.Tests.Infrastructure;

/// <summary>A fact that runs on the test class's database; on PostgreSQL classes it is skipped, with the reason, when no server is configured.</summary>
[XunitTestCaseDiscoverer("AutomationServer.Audience.Tests.Infrastructure.DatabaseFactDiscoverer", "AutomationServer.Audience.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class DatabaseFactAttribute : FactAttribute;

[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgreSqlAttribute : Attribute
{
    public const string Variable = "AUTOMATION_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;
}

public sealed class DatabaseFactDiscoverer(IMessageSink sink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var options = discoveryOptions.MethodDisplayOptionsOrDefault();
        var needsPostgres = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgreSqlAttribute).AssemblyQualifiedName).Any();
        yield return needsPostgres && RequiresPostgreSqlAttribute.ConnectionString is null
            ? new SkippedDatabaseTestCase(sink, display, options, testMethod, $"Set {RequiresPostgreSqlAttribute.Variable} (tools/postgres-test-server.sh start DIR prints one) to run the PostgreSQL tests.")
            : new XunitTestCase(sink, display, options, testMethod);
    }
}

public sealed class SkippedDatabaseTestCase : XunitTestCase
{
    private string _reason = "";

    [Obsolete("For the xunit de-serializer only.", error: true)]
    public SkippedDatabaseTestCase()
    {
    }

    public SkippedDatabaseTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod, string reason)
        : base(sink, display, options, testMethod) => _reason = reason;

    protected override string GetSkipReason(IAttributeInfo factAttribute) => _reason;

    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("SkipReason", _reason);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        _reason = data.GetValue<string>("SkipReason");
        base.Deserialize(data);
    }
}
