using Acornima;
using Acornima.Ast;
using AutomationServer.Sdk.Activities;
using Jint;
using Jint.Runtime;

namespace AutomationServer.Workflows.Expressions.JavaScript;

/// <summary>
/// Evaluates JavaScript expressions with Jint. Scripts are parsed once per source text and run on pooled
/// engines under the limits of <see cref="ExpressionOptions"/>. The value of an expression is the completion
/// value of the script (<c>getVariable('total') &gt; 100</c>, or the last statement of several).
/// <para>Globals, as in Elsa 3: <c>getVariable(name)</c> (null when missing), <c>setVariable(name, value)</c>,
/// <c>variables</c> (read and assign workflow variables as properties), <c>getInput(name)</c>, <c>input</c>,
/// <c>workflowInstanceId</c>, <c>correlationId</c>, <c>getWorkflowInstanceId()</c>, <c>getCorrelationId()</c>,
/// <c>event</c> and <c>payload</c> (the stimulus payload), <c>isNullOrEmpty(s)</c>, <c>isNullOrWhiteSpace(s)</c>.
/// <c>eval</c> and <c>new Function</c> are disabled; dates and times run in UTC with the invariant culture.</para>
/// </summary>
public sealed class JavaScriptExpressionHandler : IExpressionHandler, IDisposable
{
    private readonly ExpressionOptions options;
    private readonly ExpressionCache<PreparedScript> scripts;
    private readonly JintEnginePool engines;

    public JavaScriptExpressionHandler(ExpressionOptions? options = null)
    {
        this.options = options ?? new ExpressionOptions();
        this.options.Validate();
        scripts = new ExpressionCache<PreparedScript>(this.options.MaxCachedExpressions);
        engines = new JintEnginePool(this.options);
    }

    public string Syntax => ExpressionSyntax.JavaScript;

    public object? Evaluate(string source, IExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(scope);
        var script = scripts.GetOrAdd(source, Prepare);
        if (script.Error is not null)
        {
            throw new ExpressionException($"JavaScript syntax error at {script.Error}");
        }

        var runtime = RentEngine();
        var reusable = false;
        try
        {
            var result = runtime.Evaluate(script.Prepared, scope);
            reusable = true;
            return result;
        }
        catch (JavaScriptException e)
        {
            // A script error unwinds through Jint's own handling; the engine stays sound.
            reusable = true;
            throw new ExpressionException($"JavaScript error{At(e.Location)}: {e.Message}", e);
        }
        catch (ExpressionException)
        {
            reusable = true;
            throw;
        }
        catch (TimeoutException e)
        {
            throw new ExpressionException($"The JavaScript expression ran longer than {options.Timeout.TotalMilliseconds:0} ms and was stopped.", e);
        }
        catch (MemoryLimitExceededException e)
        {
            throw new ExpressionException($"The JavaScript expression allocated more than {options.JavaScriptMemoryLimitBytes} bytes and was stopped.", e);
        }
        catch (RecursionDepthOverflowException e)
        {
            throw new ExpressionException($"The JavaScript expression nested calls deeper than {options.JavaScriptRecursionLimit} and was stopped.", e);
        }
        catch (StatementsCountOverflowException e)
        {
            throw new ExpressionException($"The JavaScript expression ran more than {options.JavaScriptMaxStatements} statements and was stopped.", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ExpressionException($"The JavaScript expression failed: {e.Message}", e);
        }
        finally
        {
            engines.Return(runtime, reusable);
        }
    }

    private JintRuntime RentEngine()
    {
        try
        {
            return engines.Rent();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ExpressionException($"No JavaScript engine could be started: {e.Message}", e);
        }
    }

    public string? CheckSyntax(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return scripts.GetOrAdd(source, Prepare).Error;
    }

    public void Dispose() => engines.Dispose();

    private static PreparedScript Prepare(string source)
    {
        try
        {
            return new PreparedScript(Engine.PrepareScript(source, strict: false), null);
        }
        catch (ScriptPreparationException e) when (e.InnerException is ParseErrorException parse)
        {
            return new PreparedScript(default, Describe(parse));
        }
        catch (ParseErrorException parse)
        {
            return new PreparedScript(default, Describe(parse));
        }
    }

    /// <summary>Acornima and Jint count columns from 0; messages count from 1, as editors do.</summary>
    private static string Describe(ParseErrorException parse) => $"line {parse.LineNumber}, column {parse.Column + 1}: {parse.Description}";

    private static string At(in SourceLocation location) =>
        location.Start.Line > 0 ? $" at line {location.Start.Line}, column {location.Start.Column + 1}" : string.Empty;

    private sealed record PreparedScript(Prepared<Script> Prepared, string? Error);
}
