using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AutomationServer.Persistence.SqlServer;

/// <summary>Lets <c>dotnet ef migrations add … --project src/AutomationServer.Persistence.SqlServer</c> build the model without a server.</summary>
public sealed class SqlServerDesignTimeDbContextFactory : IDesignTimeDbContextFactory<WorkflowDbContext>
{
    public WorkflowDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<WorkflowDbContext>();
        new SqlServerPersistenceProvider().Configure(builder, "Server=localhost;Database=AutomationDesignTime;Integrated Security=true;TrustServerCertificate=true");
        return new WorkflowDbContext(builder.Options);
    }
}
