using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace AutomationServer.Workflows.Expressions.JavaScript;

/// <summary>
/// The <c>variables</c> global: an object whose properties are the variables of the scope being evaluated.
/// Reading a property converts the variable into JavaScript; assigning or deleting one writes through to
/// <see cref="IExpressionScope.Variables"/> at once. An object or array read from it keeps its identity for
/// the rest of the evaluation, and changes made inside it (<c>variables.order.total = 5</c>) are written back
/// when the evaluation succeeds. The object itself lives as long as its engine and stores nothing.
/// </summary>
internal sealed class ScopeVariablesObject(Engine engine, Func<IExpressionScope> scope) : ObjectInstance(engine)
{
    private readonly Dictionary<string, JsValue> materialized = new(StringComparer.Ordinal);

    /// <summary>The variable as JavaScript, or undefined when the scope has none of that name.</summary>
    public JsValue Read(string name)
    {
        if (materialized.TryGetValue(name, out var cached))
        {
            return cached;
        }

        if (!scope().Variables.TryGetValue(name, out var value))
        {
            return Undefined;
        }

        var js = Guard(() => JsValueConverter.ToJs(Engine, value));
        if (value is IDictionary<string, object?> or System.Collections.IList)
        {
            materialized[name] = js;
        }

        return js;
    }

    public void Write(string name, JsValue value)
    {
        Guard(() => scope().Variables[name] = JsValueConverter.ToClr(value));
        if (value is ObjectInstance && !value.IsCallable())
        {
            materialized[name] = value;
        }
        else
        {
            materialized.Remove(name);
        }
    }

    /// <summary>Stores objects and arrays that the script changed in place; untouched ones are left as they were.</summary>
    public void WriteBackChanges()
    {
        if (materialized.Count == 0)
        {
            return;
        }

        var variables = scope().Variables;
        foreach (var (name, js) in materialized)
        {
            var current = JsValueConverter.ToClr(js);
            if (!variables.TryGetValue(name, out var stored) || !PlainValues.DeepEquals(stored, current))
            {
                variables[name] = current;
            }
        }
    }

    public void Forget() => materialized.Clear();

    public override JsValue Get(JsValue property, JsValue receiver) =>
        NameOf(property) is { } name && scope().Variables.ContainsKey(name) ? Read(name) : base.Get(property, receiver);

    public override PropertyDescriptor GetOwnProperty(JsValue property) =>
        NameOf(property) is { } name && scope().Variables.ContainsKey(name)
            ? new PropertyDescriptor(Read(name), PropertyFlag.ConfigurableEnumerableWritable)
            : PropertyDescriptor.Undefined;

    public override IEnumerable<KeyValuePair<JsValue, PropertyDescriptor>> GetOwnProperties()
    {
        foreach (var key in GetOwnPropertyKeys(Types.String))
        {
            yield return new(key, GetOwnProperty(key));
        }
    }

    public override List<JsValue> GetOwnPropertyKeys(Types types = Types.String | Types.Symbol) =>
        (types & Types.String) == 0 ? [] : scope().Variables.Keys.Select(k => (JsValue)new JsString(k)).ToList();

    public override bool HasProperty(JsValue property) =>
        (NameOf(property) is { } name && scope().Variables.ContainsKey(name)) || base.HasProperty(property);

    public override bool Set(JsValue property, JsValue value, JsValue receiver)
    {
        if (NameOf(property) is not { } name)
        {
            return false;
        }

        Write(name, value);
        return true;
    }

    public override bool DefineOwnProperty(JsValue property, PropertyDescriptor desc)
    {
        if (NameOf(property) is not { } name || desc.IsAccessorDescriptor())
        {
            return false;
        }

        if (desc.Value is { } value)
        {
            Write(name, value);
        }

        return true;
    }

    public override bool Delete(JsValue property)
    {
        if (NameOf(property) is { } name)
        {
            materialized.Remove(name);
            Guard(() => scope().Variables.Remove(name));
        }

        return true;
    }

    /// <summary>Refused so that <c>Object.freeze(variables)</c> cannot outlive the evaluation that called it.</summary>
    public override bool PreventExtensions() => false;

    private static string? NameOf(JsValue property) => property.IsSymbol() ? null : property.ToString();

    /// <summary>Failures inside a script call surface as JavaScript TypeErrors, so the script can catch them and the engine stays usable.</summary>
    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ExpressionException or NotSupportedException or InvalidOperationException)
        {
            var message = e is NotSupportedException ? "Variables cannot be changed here: there is no workflow instance." : e.Message;
            throw new JavaScriptException(Engine.Intrinsics.TypeError, message);
        }
    }
}
