namespace AutomationServer.Sdk.Models;

/// <summary>
/// A trained model AI activities ask for predictions (churn risk, propensity, send time...). The
/// provider owns its model files and versions; the server owns when to ask.
/// </summary>
public interface IModelProvider
{
    ValueTask<Prediction> PredictAsync(PredictionRequest request, CancellationToken cancellationToken);
}

/// <summary>Describes a model provider: its stable name and what it predicts.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ModelProviderAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    public string? DisplayName { get; set; }

    public string? Description { get; set; }
}

/// <summary>The features of one subject (usually a contact) to score.</summary>
public sealed record PredictionRequest
{
    public string? ContactId { get; init; }

    public required IReadOnlyDictionary<string, object?> Features { get; init; }
}

/// <summary>A model's answer: a label and/or a score, the model version that gave it, and why.</summary>
public sealed record Prediction
{
    public required string ModelVersion { get; init; }

    public string? Label { get; init; }

    public double? Score { get; init; }

    /// <summary>Per-label probabilities for classifiers.</summary>
    public IReadOnlyDictionary<string, double> Probabilities { get; init; } = new Dictionary<string, double>();

    /// <summary>Feature contributions, largest effect first.</summary>
    public IReadOnlyList<FeatureContribution> Explanation { get; init; } = [];
}

public sealed record FeatureContribution(string Feature, double Contribution);
