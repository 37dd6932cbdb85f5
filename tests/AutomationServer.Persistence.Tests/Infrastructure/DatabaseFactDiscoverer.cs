using Xunit.Abstractions;
using Xunit.Sdk;

namespace AutomationServer.Persistence.Tests.Infrastructure;

/// <summary>
/// The same test methods run on SQLite and PostgreSQL through subclasses; the discoverer sees the concrete class,
/// so it can skip the PostgreSQL ones when no server is configured, and say why.
/// </summary>
public sealed class DatabaseFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var needsPostgreSql = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgreSqlAttribute).AssemblyQualifiedName).Any();
        if (needsPostgreSql && PostgreSqlServer.AdminConnectionString is null)
        {
            yield return new SkippedTestCase(diagnosticMessageSink, display, displayOptions, testMethod, PostgreSqlServer.SkipReason);
        }
        else
        {
            yield return new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod);
        }
    }
}

public sealed class SkippedTestCase : XunitTestCase
{
    private string _reason = "";

    [Obsolete("For the xunit de-serializer only.", error: true)]
    public SkippedTestCase()
    {
    }

    public SkippedTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod testMethod, string reason)
        : base(sink, display, displayOptions, testMethod) => _reason = reason;

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
