using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Descriptors;
using AutomationServer.Workflows.Expressions;

namespace AutomationServer.Workflows.Validation;

/// <summary>Checks one node's inputs and outputs against its descriptor: required values, expression syntax, output bindings.</summary>
internal sealed class InputRules(IExpressionEvaluator evaluator, IReadOnlySet<string> knownVariables, IReadOnlyDictionary<string, ILiteralFormatChecker> formats)
{
    public void Check(ActivityModel activity, ActivityDescriptor descriptor, List<ValidationProblem> problems)
    {
        foreach (var input in descriptor.Inputs)
        {
            CheckInput(activity, input, problems);
        }

        foreach (var output in descriptor.Outputs)
        {
            CheckOutput(activity, output, problems);
        }
    }

    private void CheckInput(ActivityModel activity, InputDescriptor input, List<ValidationProblem> problems)
    {
        var node = activity.Json[input.Name];
        if (!TryRead(() => InputJson.ReadExpression(node), out var expression, out var shapeError))
        {
            problems.Add(new ValidationProblem(ValidationCodes.InvalidExpression, $"{Describe(activity)}: input '{input.Name}' is not shaped like an Elsa input ({shapeError}).", activity.Id, input.Name));
            return;
        }

        if (IsEmpty(expression))
        {
            if (input.Required && input.DefaultValue is null)
            {
                problems.Add(new ValidationProblem(ValidationCodes.MissingRequiredInput, $"{Describe(activity)}: '{input.DisplayName}' is required.", activity.Id, input.Name));
            }

            return;
        }

        if (expression!.Type == ExpressionSyntax.Literal)
        {
            var formatError = input.Format is null ? null
                : formats.TryGetValue(input.Format, out var checker) ? checker.Check(expression.Value)
                : expression.Value is string literal ? LiteralFormats.Check(input.Format, literal)
                : null;
            if (formatError is not null)
            {
                problems.Add(new ValidationProblem(ValidationCodes.InvalidValue, $"{Describe(activity)}: '{input.DisplayName}' is not a valid {input.Format} value: {formatError}", activity.Id, input.Name));
            }

            if (input is { UIHint: UIHints.Select, Options: { Count: > 0 } options } && expression.Value is string choice
                && !options.Contains(choice, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add(new ValidationProblem(ValidationCodes.InvalidValue, $"{Describe(activity)}: '{input.DisplayName}' is '{choice}'; it must be one of {string.Join(", ", options)}.", activity.Id, input.Name));
            }

            return;
        }

        if (!input.SupportsExpressions)
        {
            problems.Add(new ValidationProblem(ValidationCodes.InvalidExpression, $"{Describe(activity)}: '{input.DisplayName}' must be a literal value, not a {expression.Type} expression.", activity.Id, input.Name));
            return;
        }

        string? syntaxError;
        try
        {
            syntaxError = evaluator.CheckSyntax(expression);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A checker that breaks on odd input still means the expression cannot be trusted to run.
            syntaxError = exception.Message;
        }

        if (syntaxError is not null)
        {
            problems.Add(new ValidationProblem(ValidationCodes.InvalidExpression, $"{Describe(activity)}: the {expression.Type} expression of '{input.DisplayName}' is invalid: {syntaxError}", activity.Id, input.Name));
        }
    }

    private void CheckOutput(ActivityModel activity, OutputDescriptor output, List<ValidationProblem> problems)
    {
        var node = activity.Json[output.Name];
        if (!TryRead(() => InputJson.ReadOutputBinding(node), out var variable, out var shapeError))
        {
            problems.Add(new ValidationProblem(ValidationCodes.UnknownVariable, $"{Describe(activity)}: output '{output.Name}' is not shaped like an Elsa output ({shapeError}).", activity.Id, output.Name, ValidationSeverity.Warning));
            return;
        }

        if (variable is not null && !knownVariables.Contains(variable))
        {
            problems.Add(new ValidationProblem(ValidationCodes.UnknownVariable, $"{Describe(activity)}: output '{output.DisplayName}' is stored in '{variable}', which is not a variable or output of this workflow.", activity.Id, output.Name, ValidationSeverity.Warning));
        }
    }

    private static bool IsEmpty(Expression? expression) => expression?.Value switch
    {
        null => true,
        string text => string.IsNullOrWhiteSpace(text),
        _ => false,
    };

    /// <summary>Runs a shape reader over JSON that may hold any kind of value where a string was expected.</summary>
    private static bool TryRead<T>(Func<T> read, out T? value, out string? error)
    {
        try
        {
            value = read();
            error = null;
            return true;
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or JsonException or OverflowException)
        {
            value = default;
            error = exception.Message;
            return false;
        }
    }

    internal static string Describe(ActivityModel activity) =>
        string.IsNullOrEmpty(activity.Name) || activity.Name == activity.Id ? $"Activity '{activity.Id}'" : $"Activity '{activity.Name}' ({activity.Id})";
}
