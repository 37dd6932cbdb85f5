namespace AutomationServer.Workflows.Expressions;

/// <summary>
/// Limits and cache sizes of the expression evaluators. The limits exist so that a runaway script faults
/// its activity instead of holding a worker thread or the server's memory.
/// </summary>
public sealed class ExpressionOptions
{
    /// <summary>Wall-clock limit of one JavaScript evaluation or Liquid rendering.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Bytes one JavaScript evaluation may allocate, counted as allocated (garbage included), not as held: a loop
    /// that calls host functions a million times can reach it before the <see cref="Timeout"/>.
    /// </summary>
    public long JavaScriptMemoryLimitBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Statements one JavaScript evaluation may execute. A tight loop runs some 20 million statements a second,
    /// so by default the <see cref="Timeout"/> is what stops it; this still bounds work if the timeout is raised.
    /// </summary>
    public int JavaScriptMaxStatements { get; set; } = 50_000_000;

    /// <summary>Depth of nested JavaScript function calls.</summary>
    public int JavaScriptRecursionLimit { get; set; } = 256;

    /// <summary>Largest JavaScript array a script may create; keeps <c>new Array(1e9)</c> from exhausting memory in one call.</summary>
    public uint JavaScriptMaxArraySize { get; set; } = 1_000_000;

    /// <summary>
    /// Idle JavaScript engines kept for reuse (about 0.3 MB each). More are built under load, at some 35 ms each,
    /// and dropped when returned, so this should cover the number of evaluations that run at the same time.
    /// </summary>
    public int JavaScriptEnginePoolSize { get; set; } = Math.Max(16, Environment.ProcessorCount * 4);

    /// <summary>
    /// Freezes the built-in objects (<c>Array.prototype</c>, <c>Math</c>, ...) of every pooled engine, so a script
    /// cannot change what later scripts on the same engine see. A frozen prototype makes plain assignments to
    /// inherited names such as <c>obj.toString = f</c> silently do nothing; turn this off only if scripts need that.
    /// </summary>
    public bool FreezeJavaScriptBuiltIns { get; set; } = true;

    /// <summary>Iterations one Liquid <c>for</c> loop may run.</summary>
    public int LiquidMaxIterations { get; set; } = 100_000;

    /// <summary>Parsed scripts and templates kept per syntax. The cache is emptied when it grows past this.</summary>
    public int MaxCachedExpressions { get; set; } = 10_000;

    internal void Validate()
    {
        if (Timeout <= TimeSpan.Zero || Timeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "The expression timeout must be positive and below 24 days.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(JavaScriptMemoryLimitBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(JavaScriptMaxStatements);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(JavaScriptRecursionLimit);
        ArgumentOutOfRangeException.ThrowIfZero(JavaScriptMaxArraySize);
        ArgumentOutOfRangeException.ThrowIfNegative(JavaScriptEnginePoolSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LiquidMaxIterations);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxCachedExpressions);
    }
}
