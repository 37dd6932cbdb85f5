using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Expressions;

namespace AutomationServer.Workflows.Tests.Validation;

/// <summary>
/// A real, deliberately small syntax checker for validator tests: JavaScript must have balanced brackets
/// (outside string literals), Liquid balanced <c>{{ }}</c> and <c>{% %}</c>, Variable a plain identifier.
/// </summary>
public sealed class BracketSyntaxEvaluator : IExpressionEvaluator
{
    public object? Evaluate(Expression expression, Type targetType, IExpressionScope? scope) =>
        expression.Type == ExpressionSyntax.Literal
            ? expression.Value
            : throw new ExpressionException($"This checker does not evaluate {expression.Type} expressions.");

    public string? CheckSyntax(Expression expression)
    {
        var source = expression.Value as string ?? Convert.ToString(expression.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        return expression.Type switch
        {
            ExpressionSyntax.Literal or ExpressionSyntax.Object or ExpressionSyntax.Json => null,
            ExpressionSyntax.JavaScript => CheckBrackets(source),
            ExpressionSyntax.Liquid => CheckLiquid(source),
            ExpressionSyntax.Variable => source.Length > 0 && (char.IsLetter(source[0]) || source[0] == '_') && source.All(c => char.IsLetterOrDigit(c) || c == '_')
                ? null
                : $"'{source}' is not a variable name.",
            _ => $"Unknown expression syntax '{expression.Type}'.",
        };
    }

    private static string? CheckBrackets(string source)
    {
        var open = new Stack<(char Closer, int Line, int Column)>();
        char? quote = null;
        int line = 1, column = 0;
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (c == '\n')
            {
                line++;
                column = 0;
                continue;
            }

            column++;
            if (quote is not null)
            {
                if (c == '\\')
                {
                    i++;
                    column++;
                }
                else if (c == quote)
                {
                    quote = null;
                }

                continue;
            }

            switch (c)
            {
                case '\'' or '"' or '`':
                    quote = c;
                    break;
                case '(':
                    open.Push((')', line, column));
                    break;
                case '[':
                    open.Push((']', line, column));
                    break;
                case '{':
                    open.Push(('}', line, column));
                    break;
                case ')' or ']' or '}':
                    if (open.Count == 0 || open.Pop().Closer != c)
                    {
                        return $"Unexpected '{c}' at line {line}, column {column}.";
                    }

                    break;
            }
        }

        if (quote is not null)
        {
            return $"Unterminated string at line {line}, column {column}.";
        }

        return open.Count > 0 ? $"'{Opener(open.Peek().Closer)}' at line {open.Peek().Line}, column {open.Peek().Column} is not closed." : null;
    }

    private static char Opener(char closer) => closer switch { ')' => '(', ']' => '[', _ => '{' };

    private static string? CheckLiquid(string source)
    {
        var position = 0;
        while (true)
        {
            var output = source.IndexOf("{{", position, StringComparison.Ordinal);
            var tag = source.IndexOf("{%", position, StringComparison.Ordinal);
            if (output < 0 && tag < 0)
            {
                return source.IndexOf("}}", position, StringComparison.Ordinal) is >= 0 and var stray ? $"Unexpected '}}}}' at offset {stray}." : null;
            }

            var (start, closer) = tag < 0 || (output >= 0 && output < tag) ? (output, "}}") : (tag, "%}");
            var end = source.IndexOf(closer, start + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                return $"'{source.Substring(start, 2)}' at offset {start} is not closed.";
            }

            position = end + 2;
        }
    }
}
