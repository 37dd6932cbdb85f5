using Fluid;
using Fluid.Ast;
using Parlot.Fluent;
using static Parlot.Fluent.Parsers;

namespace AutomationServer.Messaging.Rendering.Liquid;

/// <summary>
/// The Liquid dialect of message templates: standard Liquid (Fluid) plus the block
/// <c>{% segment 'id-or-name' %}…{% else %}…{% endsegment %}</c>, shown when the contact is in that segment.
/// Functions and parentheses stay off, as in standard Liquid, so a template means the same in any Liquid tool.
/// Unknown tags are parse errors. One instance is shared: a compiled Fluid parser is thread-safe.
/// </summary>
public sealed class MessageLiquidParser : FluidParser
{
    public const string SegmentTag = "segment";

    public static readonly MessageLiquidParser Instance = new();

    private MessageLiquidParser()
        : base(new FluidParserOptions { AllowFunctions = false, AllowParentheses = false })
    {
        // Fluid's RegisterExpressionBlock has no else branch, so the block is composed from the parser's own pieces.
        var elseTag = TagStart.SkipAnd(Terms.Text("else")).AndSkip(TagEnd);
        var segmentBlock = Primary.AndSkip(TagEnd)
            .And(AnyTagsList)
            .And(ZeroOrOne(elseTag.SkipAnd(AnyTagsList)))
            .AndSkip(CreateTag("end" + SegmentTag).ElseError($"'{{% end{SegmentTag} %}}' was expected"))
            .Then<Statement>(parts => new SegmentBlockStatement(parts.Item1, parts.Item2, parts.Item3))
            .ElseError($"Invalid '{SegmentTag}' tag: expected {{% {SegmentTag} 'segment id or name' %}}");
        RegisteredTags[SegmentTag] = segmentBlock;
    }
}
