namespace AutomationServer.Workflows.Validation;

/// <summary>The codes of <see cref="ValidationProblem"/>. Stable: the API and the designer match on them.</summary>
public static class ValidationCodes
{
    /// <summary>The text is not JSON (or is too deep, too large, not UTF-8, or repeats a property name).</summary>
    public const string MalformedJson = "MalformedJson";

    /// <summary>The JSON is not shaped like an Elsa 3 workflow definition at this place (wrong type, missing id...).</summary>
    public const string InvalidStructure = "InvalidStructure";

    /// <summary>The document was wrapped (e.g. <c>{"model": {...}}</c>); only the inner definition was kept.</summary>
    public const string WrappedDocument = "WrappedDocument";

    /// <summary>A flowchart nested as a node of the root flowchart, which this engine does not run yet.</summary>
    public const string NestedFlowchart = "NestedFlowchart";

    /// <summary>No activity of this type (or of this version of the type) is installed.</summary>
    public const string UnknownActivityType = "UnknownActivityType";

    public const string DuplicateActivityId = "DuplicateActivityId";

    /// <summary>A connection whose source or target activity is not in the flowchart.</summary>
    public const string DanglingConnection = "DanglingConnection";

    public const string DuplicateConnection = "DuplicateConnection";

    /// <summary>A connection leaves through a port the source activity does not have.</summary>
    public const string UnknownPort = "UnknownPort";

    public const string MissingRequiredInput = "MissingRequiredInput";

    /// <summary>An input's expression does not parse, uses an unknown syntax, or is not a literal where one is required.</summary>
    public const string InvalidExpression = "InvalidExpression";

    /// <summary>A literal input value does not follow its format (e.g. a cron expression the scheduler cannot run).</summary>
    public const string InvalidValue = "InvalidValue";

    /// <summary>An output is bound to a variable (memory reference) the definition does not declare.</summary>
    public const string UnknownVariable = "UnknownVariable";

    /// <summary>No entry leads to this activity.</summary>
    public const string UnreachableNode = "UnreachableNode";

    /// <summary>A cycle in which no activity can wait, so it would spin forever.</summary>
    public const string LoopWithoutWait = "LoopWithoutWait";

    /// <summary>A non-empty flowchart with no start, trigger, or activity without inbound connections.</summary>
    public const string NoStartNode = "NoStartNode";

    /// <summary>The journey rules under <c>customProperties.journey</c> (entry rule, exit and goal conditions) are not valid.</summary>
    public const string InvalidJourneyRule = "InvalidJourneyRule";

    /// <summary>A zip archive that cannot be read, or that exceeds the entry count or size limits.</summary>
    public const string InvalidArchive = "InvalidArchive";

    /// <summary>A zip entry that was not read (not a <c>.json</c> file, or too large).</summary>
    public const string SkippedEntry = "SkippedEntry";

    /// <summary>
    /// True for codes that make a document unsavable even as a draft: without a parseable, well-formed
    /// graph the designer could not show it again.
    /// </summary>
    public static bool IsStructural(string code) => code is MalformedJson or InvalidStructure or DuplicateActivityId or DanglingConnection;
}
