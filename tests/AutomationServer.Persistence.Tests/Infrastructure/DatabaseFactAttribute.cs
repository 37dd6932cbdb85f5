using Xunit.Sdk;

namespace AutomationServer.Persistence.Tests.Infrastructure;

/// <summary>A fact run against the test class's database; skipped with a reason when that database is not available.</summary>
[XunitTestCaseDiscoverer("AutomationServer.Persistence.Tests.Infrastructure.DatabaseFactDiscoverer", "AutomationServer.Persistence.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class DatabaseFactAttribute : FactAttribute;

/// <summary>Marks a test class whose database facts need the PostgreSQL server named by <c>AUTOMATION_TEST_POSTGRES</c>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgreSqlAttribute : Attribute;
