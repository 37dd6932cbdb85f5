using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AutomationServer.Persistence.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add … --project src/AutomationServer.Persistence.Sqlite</c> build the model.</summary>
public sealed class SqliteDesignTimeDbContextFactory : IDesignTimeDbContextFactory<WorkflowDbContext>
{
    public WorkflowDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<WorkflowDbContext>();
        new SqlitePersistenceProvider().Configure(builder, "Data Source=design-time.db");
        return new WorkflowDbContext(builder.Options);
    }
}
