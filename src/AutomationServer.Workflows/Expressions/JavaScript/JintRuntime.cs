using System.Globalization;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace AutomationServer.Workflows.Expressions.JavaScript;

/// <summary>
/// One Jint engine with the workflow globals, used by one evaluation at a time. The globals are defined once
/// and read the scope bound for the current evaluation; after each evaluation the engine's global bindings are
/// restored from the snapshot taken when it was built, so nothing a script declared survives into the next one.
/// </summary>
internal sealed class JintRuntime : IDisposable
{
    private readonly GlobalSnapshot clean;
    private readonly ScopeVariablesObject variables;
    private readonly ObjectInstance? variablesPrototype;
    private IExpressionScope? scope;
    private JsValue? payload;

    public JintRuntime(ExpressionOptions options)
    {
        Engine = new Engine(o => o
            .Strict(false)
            .TimeoutInterval(options.Timeout)
            .MaxStatements(options.JavaScriptMaxStatements)
            .LimitMemory(options.JavaScriptMemoryLimitBytes)
            .LimitRecursion(options.JavaScriptRecursionLimit)
            .MaxArraySize(options.JavaScriptMaxArraySize)
            .RegexTimeoutInterval(options.Timeout)
            .DisableStringCompilation()
            .Culture(CultureInfo.InvariantCulture)
            .LocalTimeZone(TimeZoneInfo.Utc));

        variables = new ScopeVariablesObject(Engine, () => Scope);
        variablesPrototype = variables.Prototype;
        DefineFunctions();
        if (options.FreezeJavaScriptBuiltIns)
        {
            BuiltInFreezer.Freeze(Engine);
        }

        // Defined after freezing: the view must stay extensible, and the lazy values are rebuilt per evaluation.
        Engine.Global.FastSetProperty("variables", new PropertyDescriptor(variables, PropertyFlag.AllForbidden));
        Engine.Advanced.AddLazyGlobal("input", this, static (_, runtime) => runtime.ToJs(runtime.Scope.Input), PropertyFlag.AllForbidden);
        Engine.Advanced.AddLazyGlobal("event", this, static (_, runtime) => runtime.Payload(), PropertyFlag.AllForbidden);
        Engine.Advanced.AddLazyGlobal("payload", this, static (_, runtime) => runtime.Payload(), PropertyFlag.AllForbidden);
        Engine.Advanced.AddLazyGlobal("workflowInstanceId", this, static (_, runtime) => runtime.InstanceId(), PropertyFlag.AllForbidden);
        Engine.Advanced.AddLazyGlobal("correlationId", this, static (_, runtime) => runtime.CorrelationId(), PropertyFlag.AllForbidden);
        clean = Engine.Advanced.CaptureGlobalSnapshot();
    }

    public Engine Engine { get; }

    private IExpressionScope Scope => scope ?? throw new InvalidOperationException("No expression scope is bound to this engine.");

    /// <summary>Runs <paramref name="script"/> against <paramref name="expressionScope"/> and returns its completion value in the plain model.</summary>
    public object? Evaluate(in Prepared<Script> script, IExpressionScope expressionScope)
    {
        scope = expressionScope;
        var completion = Engine.Evaluate(in script);
        var result = JsValueConverter.ToClr(completion);
        variables.WriteBackChanges();
        return result;
    }

    /// <summary>Unbinds the scope and restores the clean globals. False when the engine must not be reused.</summary>
    public bool TryReset()
    {
        scope = null;
        payload = null;
        variables.Forget();
        if (!ReferenceEquals(variables.Prototype, variablesPrototype))
        {
            // The view outlives evaluations, so a script that swapped its prototype would leak into the next one.
            return false;
        }

        Engine.Advanced.ResetCallStack();
        Engine.Advanced.RestoreGlobalSnapshot(clean);
        return true;
    }

    public void Dispose() => Engine.Dispose();

    private void DefineFunctions()
    {
        Function("getVariable", 1, args =>
        {
            var value = variables.Read(Name("getVariable", args));
            return value.IsUndefined() ? JsValue.Null : value;
        });
        Function("setVariable", 2, args =>
        {
            variables.Write(Name("setVariable", args), args.Length > 1 ? args[1] : JsValue.Undefined);
            return JsValue.Undefined;
        });
        Function("getInput", 1, args =>
            Scope.Input.TryGetValue(Name("getInput", args), out var value) ? ToJs(value) : JsValue.Null);
        Function("getWorkflowInstanceId", 0, _ => InstanceId());
        Function("getCorrelationId", 0, _ => CorrelationId());
        Function("isNullOrEmpty", 1, args => args.Length == 0 || args[0].IsNull() || args[0].IsUndefined() || (args[0].IsString() && args[0].ToString().Length == 0));
        Function("isNullOrWhiteSpace", 1, args => args.Length == 0 || args[0].IsNull() || args[0].IsUndefined() || (args[0].IsString() && string.IsNullOrWhiteSpace(args[0].ToString())));
    }

    private void Function(string name, int length, Func<JsValue[], JsValue> body) =>
        Engine.Global.FastSetProperty(name, new PropertyDescriptor(new ClrFunction(Engine, name, (_, args) => body(args), length), PropertyFlag.AllForbidden));

    private string Name(string function, JsValue[] args) =>
        args.Length > 0 && !args[0].IsNull() && !args[0].IsUndefined()
            ? args[0].ToString()
            : throw new JavaScriptException(Engine.Intrinsics.TypeError, $"{function} needs a name.");

    private JsValue Payload() => payload ??= ToJs(Scope.StimulusPayload);

    private JsValue InstanceId() => new JsString(Scope.WorkflowInstanceId.ToString("D"));

    private JsValue CorrelationId() => Scope.CorrelationId is { } id ? new JsString(id) : JsValue.Null;

    private JsValue ToJs(object? value)
    {
        try
        {
            return JsValueConverter.ToJs(Engine, value);
        }
        catch (ExpressionException e)
        {
            throw new JavaScriptException(Engine.Intrinsics.TypeError, e.Message);
        }
    }
}
