using System.Globalization;
using System.Text.RegularExpressions;
using Fluid;

namespace AutomationServer.Messaging.Rendering.Liquid;

/// <summary>A Liquid syntax error with its 1-based line and column in the template text.</summary>
public sealed record LiquidSyntaxError(string Message, int Line, int Column);

/// <summary>Parses message-template Liquid and turns Fluid's error text ("… at (line:column)\nSource: …") into a position.</summary>
public static partial class LiquidSyntax
{
    public static IFluidTemplate? TryParse(string source, out LiquidSyntaxError? error)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (MessageLiquidParser.Instance.TryParse(source, out var template, out var message))
        {
            error = null;
            return template;
        }

        error = Describe(message ?? "Invalid Liquid.");
        return null;
    }

    /// <summary>Throws <see cref="MessageRenderException"/> naming <paramref name="part"/> when the source does not parse.</summary>
    public static IFluidTemplate Parse(string source, string part) =>
        TryParse(source, out var error) ?? throw new MessageRenderException(
            $"The {part} is not valid Liquid: line {error!.Line}, column {error.Column}: {error.Message}");

    private static LiquidSyntaxError Describe(string message)
    {
        var position = Position().Match(message);
        if (!position.Success)
        {
            return new LiquidSyntaxError(message.Trim(), 1, 1);
        }

        var text = message[..position.Index].Trim();
        return new LiquidSyntaxError(
            text.Length == 0 ? "Invalid Liquid." : text,
            int.Parse(position.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(position.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"\s*at \((\d+):(\d+)\)")]
    private static partial Regex Position();
}
