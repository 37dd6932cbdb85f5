using System.Globalization;
using AutomationServer.Sdk.Activities;
using DotLiquid;

namespace AutomationServer.Workflows.Expressions.Liquid;

/// <summary>
/// Renders Liquid templates (DotLiquid) to text. Templates are parsed once per source text and rendered with
/// a fresh context each time, so concurrent renderings share nothing but the parsed template. Output uses the
/// invariant culture; <c>for</c> loops and rendering time are bounded by <see cref="ExpressionOptions"/>.
/// The model is described by <see cref="LiquidModel"/>.
/// </summary>
public sealed class LiquidExpressionHandler : IExpressionHandler
{
    private const SyntaxCompatibility Compatibility = SyntaxCompatibility.DotLiquid22a;

    private readonly ExpressionOptions options;
    private readonly ExpressionCache<ParsedTemplate> templates;

    public LiquidExpressionHandler(ExpressionOptions? options = null)
    {
        this.options = options ?? new ExpressionOptions();
        this.options.Validate();
        templates = new ExpressionCache<ParsedTemplate>(this.options.MaxCachedExpressions);
    }

    public string Syntax => ExpressionSyntax.Liquid;

    public object? Evaluate(string source, IExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(scope);
        var parsed = templates.GetOrAdd(source, Parse);
        if (parsed.Template is null)
        {
            throw new ExpressionException($"Liquid syntax error at {parsed.Error}");
        }

        var parameters = new RenderParameters(CultureInfo.InvariantCulture)
        {
            LocalVariables = LiquidModel.Create(scope),
            ErrorsOutputMode = ErrorsOutputMode.Rethrow,
            MaxIterations = options.LiquidMaxIterations,
            Timeout = (int)options.Timeout.TotalMilliseconds,
            SyntaxCompatibilityLevel = Compatibility,
        };
        try
        {
            return parsed.Template.Render(parameters);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ExpressionException($"Liquid error: {e.Message}", e);
        }
    }

    public string? CheckSyntax(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return templates.GetOrAdd(source, Parse).Error;
    }

    private static ParsedTemplate Parse(string source)
    {
        var error = TryParse(source, out var template);
        if (template is not null)
        {
            // Rendering then keeps its state in the context instead of the shared template.
            template.MakeThreadSafe();
            return new ParsedTemplate(template, null);
        }

        return new ParsedTemplate(null, LiquidErrorLocator.Locate(source, error!, prefix => TryParse(prefix, out _)));
    }

    private static string? TryParse(string source, out Template? template)
    {
        try
        {
            template = Template.Parse(source, Compatibility);
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            template = null;

            // DotLiquid appends the Ruby regular expression it matched with, which helps nobody writing a template.
            var noise = e.Message.IndexOf(" with regexp:", StringComparison.Ordinal);
            return noise > 0 ? e.Message[..noise] : e.Message;
        }
    }

    private sealed record ParsedTemplate(Template? Template, string? Error);
}
