using System.ComponentModel.DataAnnotations;

namespace AutomationPlugins.Utilities;

/// <summary>Settings from <c>Plugins:utilities</c> in appsettings.json.</summary>
public sealed class UtilitiesOptions
{
    public static readonly TimeSpan DefaultRegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long one regular-expression match may run. Patterns with catastrophic backtracking would
    /// otherwise hold a worker thread indefinitely.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan RegexTimeout { get; set; } = DefaultRegexTimeout;
}
