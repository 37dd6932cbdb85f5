namespace AutomationServer.Persistence.Stores;

internal static class Paging
{
    public const int MaxTake = 1000;

    public static void Validate(int skip, int take)
    {
        if (skip < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(skip), skip, "Skip must be zero or more.");
        }

        if (take is < 1 or > MaxTake)
        {
            throw new ArgumentOutOfRangeException(nameof(take), take, $"Take must be between 1 and {MaxTake}.");
        }
    }
}
