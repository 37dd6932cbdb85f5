using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AutomationServer.Persistence.PostgreSql;

/// <summary>Lets <c>dotnet ef migrations add … --project src/AutomationServer.Persistence.PostgreSql</c> build the model without a server.</summary>
public sealed class PostgreSqlDesignTimeDbContextFactory : IDesignTimeDbContextFactory<WorkflowDbContext>
{
    public WorkflowDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<WorkflowDbContext>();
        new PostgreSqlPersistenceProvider().Configure(builder, "Host=localhost;Database=automation_design_time");
        return new WorkflowDbContext(builder.Options);
    }
}
