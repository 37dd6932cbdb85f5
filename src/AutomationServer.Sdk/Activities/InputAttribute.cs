namespace AutomationServer.Sdk.Activities;

/// <summary>Describes an <see cref="Input{T}"/> property for the designer's property panel and for validation.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    public string? DisplayName { get; set; }

    public string? Description { get; set; }

    /// <summary>Editor hint: <see cref="UIHints"/>.</summary>
    public string? UIHint { get; set; }

    /// <summary>Literal default shown in the designer and used when the node leaves the input empty.</summary>
    public object? DefaultValue { get; set; }

    public bool Required { get; set; }

    /// <summary>Choices for a <see cref="UIHints.Select"/> input.</summary>
    public string[]? Options { get; set; }

    /// <summary>Expression syntax the designer offers first (Literal, JavaScript, Liquid...).</summary>
    public string DefaultSyntax { get; set; } = ExpressionSyntax.Literal;

    /// <summary>False for inputs that must be literal (evaluated when triggers are indexed, e.g. an event name).</summary>
    public bool SupportsExpressions { get; set; } = true;

    public int Order { get; set; }
}

/// <summary>Describes an <see cref="Output{T}"/> property that a node may bind to a workflow variable.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class OutputAttribute : Attribute
{
    public string? DisplayName { get; set; }

    public string? Description { get; set; }
}

/// <summary>Editor hints understood by the designer.</summary>
public static class UIHints
{
    public const string SingleLine = "singleline";
    public const string MultiLine = "multiline";
    public const string Checkbox = "checkbox";
    public const string Select = "dropdown";
    public const string Duration = "duration";
    public const string DateTime = "datetime";
    public const string Code = "code-editor";
    public const string Json = "json-editor";
    public const string VariablePicker = "variable-picker";
    public const string Cases = "flow-switch-editor";
    public const string List = "multi-text";
    public const string Dictionary = "dictionary";

    /// <summary>An audience segment id, chosen from the server's segments or typed (a segment created later).</summary>
    public const string SegmentPicker = "segment-picker";

    /// <summary>A contact event name: the standard ones and those tracked recently.</summary>
    public const string EventNamePicker = "event-name-picker";

    /// <summary>A consent topic (subscription group).</summary>
    public const string TopicPicker = "topic-picker";

    /// <summary>A lifecycle stage.</summary>
    public const string StagePicker = "stage-picker";

    /// <summary>A message template.</summary>
    public const string TemplatePicker = "template-picker";

    /// <summary>A custom contact attribute name.</summary>
    public const string AttributePicker = "attribute-picker";
}

/// <summary>Expression syntaxes, named as in Elsa 3 workflow JSON.</summary>
public static class ExpressionSyntax
{
    public const string Literal = "Literal";
    public const string JavaScript = "JavaScript";
    public const string Liquid = "Liquid";
    public const string Variable = "Variable";
    public const string Object = "Object";
    public const string Json = "Json";
}
