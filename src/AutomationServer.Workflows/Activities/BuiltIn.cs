namespace AutomationServer.Workflows;

/// <summary>Type names and stimulus names of the built-in activities the engine itself reasons about.</summary>
public static class BuiltIn
{
    public const string StartType = "Elsa.Start";
    public const string FlowchartType = "Elsa.Flowchart";
    public const string EventType = "Elsa.Event";
    public const string HttpEndpointType = "Elsa.HttpEndpoint";
    public const string FlowJoinType = "Elsa.FlowJoin";

    /// <summary>Stimulus of the bookmark that re-runs a faulted activity after its back-off.</summary>
    public const string RetryStimulus = "AutomationServer.Retry";

    public const string CategoryFlow = "Flow";
    public const string CategoryPrimitives = "Primitives";
    public const string CategoryScheduling = "Scheduling";
    public const string CategoryHttp = "HTTP";
}
