using System.Text.Encodings.Web;
using Fluid;
using Fluid.Ast;

namespace AutomationServer.Messaging.Rendering.Liquid;

/// <summary>
/// <c>{% segment 'x' %}</c>: renders its body when the contact is a member of segment x (matched by id or name),
/// otherwise its <c>{% else %}</c> part. The contact's segments come from <see cref="ContactSegmentSet.AmbientKey"/>.
/// </summary>
internal sealed class SegmentBlockStatement(Expression segment, IReadOnlyList<Statement> body, IReadOnlyList<Statement>? otherwise) : Statement
{
    public override async ValueTask<Completion> WriteToAsync(TextWriter writer, TextEncoder encoder, TemplateContext context)
    {
        var name = (await segment.EvaluateAsync(context)).ToStringValue();
        var member = context.AmbientValues.TryGetValue(ContactSegmentSet.AmbientKey, out var value)
            && value is ContactSegmentSet segments
            && segments.Contains(name);
        var chosen = member ? body : otherwise;
        if (chosen is null)
        {
            return Completion.Normal;
        }

        foreach (var statement in chosen)
        {
            var completion = await statement.WriteToAsync(writer, encoder, context);
            if (completion != Completion.Normal)
            {
                return completion;
            }
        }

        return Completion.Normal;
    }
}
