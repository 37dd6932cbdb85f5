namespace AutomationServer.Persistence.Stores;

internal static class Chunks
{
    /// <summary>
    /// Id lists become one SQL parameter each on some providers, and SQL Server takes at most 2,100 parameters
    /// per command, so lookups and deletes by id go in slices of this size.
    /// </summary>
    public const int Size = 500;

    public static IEnumerable<Guid[]> Of(IReadOnlyCollection<Guid> ids) => ids.Distinct().Chunk(Size);
}
