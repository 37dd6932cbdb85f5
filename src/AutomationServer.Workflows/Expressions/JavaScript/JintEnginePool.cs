using System.Collections.Concurrent;

namespace AutomationServer.Workflows.Expressions.JavaScript;

/// <summary>
/// Idle engines for reuse: Jint engines are not thread-safe and take milliseconds to build (their built-ins are
/// frozen), so each evaluation rents one exclusively. Engines beyond the pool size are built under load and
/// dropped when returned; engines whose state cannot be trusted after a failure are never returned.
/// </summary>
internal sealed class JintEnginePool(ExpressionOptions options) : IDisposable
{
    private readonly ConcurrentBag<JintRuntime> idle = [];
    private int idleCount;

    public JintRuntime Rent()
    {
        if (idle.TryTake(out var runtime))
        {
            Interlocked.Decrement(ref idleCount);
            return runtime;
        }

        return new JintRuntime(options);
    }

    public void Return(JintRuntime runtime, bool reusable)
    {
        if (reusable && TryReset(runtime))
        {
            if (Interlocked.Increment(ref idleCount) <= options.JavaScriptEnginePoolSize)
            {
                idle.Add(runtime);
                return;
            }

            Interlocked.Decrement(ref idleCount);
        }

        runtime.Dispose();
    }

    private static bool TryReset(JintRuntime runtime)
    {
        try
        {
            return runtime.TryReset();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        while (idle.TryTake(out var runtime))
        {
            runtime.Dispose();
        }
    }
}
