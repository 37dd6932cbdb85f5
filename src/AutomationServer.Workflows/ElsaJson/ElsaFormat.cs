using System.Security.Cryptography;

namespace AutomationServer.Workflows.ElsaJson;

/// <summary>Fixed facts of the Elsa 3 workflow-definition format that import, export and validation share.</summary>
public static class ElsaFormat
{
    /// <summary>The <c>$schema</c> Elsa 3 writes at the top of every exported definition.</summary>
    public const string SchemaUrl = "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json";

    public const string FlowchartType = "Elsa.Flowchart";

    public const string StartType = "Elsa.Start";

    /// <summary>Name given to a definition that arrives without one.</summary>
    public const string UntitledName = "Untitled";

    /// <summary>Nesting deeper than this is rejected as malformed; Elsa's own serializer stops at the same depth.</summary>
    public const int MaxDepth = 64;

    /// <summary>Larger documents are rejected before parsing.</summary>
    public const int MaxDocumentBytes = 16 * 1024 * 1024;

    /// <summary>A new id in Elsa's style: 16 lowercase hex characters.</summary>
    public static string NewId() => RandomNumberGenerator.GetHexString(16, lowercase: true);
}
