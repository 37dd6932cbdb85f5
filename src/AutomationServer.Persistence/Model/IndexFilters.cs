namespace AutomationServer.Persistence.Model;

/// <summary>Builds index filter SQL in the dialect of the provider the model is built for.</summary>
public sealed class IndexFilters(Func<string, string> notNull)
{
    public string NotNull(string column) => notNull(column);
}
