namespace AutomationServer.Sdk.Activities;

/// <summary>What an activity did: left through one or more ports, or suspended on bookmarks.</summary>
public sealed class ActivityResult
{
    public const string DonePort = "Done";

    private static readonly ActivityResult DoneResult = new([DonePort], []);
    private static readonly ActivityResult EndResult = new([], []);

    private static readonly ActivityResult CompleteResult = new([], [], completesWorkflow: true);

    private ActivityResult(IReadOnlyList<string> outcomes, IReadOnlyList<BookmarkRequest> bookmarks, bool completesWorkflow = false)
    {
        Outcomes = outcomes;
        Bookmarks = bookmarks;
        CompletesWorkflow = completesWorkflow;
    }

    /// <summary>Ports to continue through. Empty together with no bookmarks means the branch ends here.</summary>
    public IReadOnlyList<string> Outcomes { get; }

    /// <summary>Bookmarks to wait on. Non-empty means the activity is suspended and will be resumed.</summary>
    public IReadOnlyList<BookmarkRequest> Bookmarks { get; }

    public bool IsSuspended => Bookmarks.Count > 0;

    /// <summary>The whole workflow ends now: other branches stop and their bookmarks are removed.</summary>
    public bool CompletesWorkflow { get; }

    public static ActivityResult Done() => DoneResult;

    /// <summary>The branch ends here without leaving through any port.</summary>
    public static ActivityResult End() => EndResult;

    /// <summary>Ends the whole workflow (Elsa's <c>End</c>), cancelling every other branch.</summary>
    public static ActivityResult CompleteWorkflow() => CompleteResult;

    public static ActivityResult Outcome(string port) => port == DonePort ? DoneResult : new([port], []);

    public static ActivityResult Outcome(IReadOnlyList<string> ports) => new(ports, []);

    public static ActivityResult Suspend(BookmarkRequest bookmark) => new([], [bookmark]);

    public static ActivityResult Suspend(IReadOnlyList<BookmarkRequest> bookmarks) =>
        bookmarks.Count == 0 ? throw new ArgumentException("At least one bookmark is required.", nameof(bookmarks)) : new([], bookmarks);
}

/// <summary>
/// A request to wait. The engine stores it as a bookmark: resumed either by a stimulus with the same
/// <see cref="Stimulus"/> name and <see cref="Key"/> (hashed together), or at <see cref="DueAt"/>.
/// A stimulus that carries a correlation id only resumes bookmarks of instances with that id.
/// </summary>
public sealed record BookmarkRequest
{
    /// <summary>Stimulus name, usually the activity type (e.g. <c>Elsa.Event</c>).</summary>
    public required string Stimulus { get; init; }

    /// <summary>What makes this bookmark specific (e.g. the event name); hashed with <see cref="Stimulus"/>. Null for pure timers.</summary>
    public object? Key { get; init; }

    /// <summary>When the engine resumes the bookmark by itself (a timer).</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>Small state handed back on resumption.</summary>
    public IReadOnlyDictionary<string, string>? Data { get; init; }

    public static BookmarkRequest Timer(string stimulus, DateTimeOffset dueAt, IReadOnlyDictionary<string, string>? data = null) =>
        new() { Stimulus = stimulus, DueAt = dueAt, Data = data };
}
