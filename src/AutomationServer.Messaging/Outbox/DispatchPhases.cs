using System.Globalization;
using System.Text;

namespace AutomationServer.Messaging.Outbox;

/// <summary>
/// Where one dispatch batch spent its time (claim, recipients, policy, render+send, outcomes, timeline, failures), for the
/// batch's Debug line: the numbers to look at first when the pipeline is slower than its SMTP server. Rendering runs inside
/// the parallel sends, so its summed time across sends is reported apart from the wall-clock phases.
/// </summary>
internal sealed class DispatchPhases(TimeProvider time, long claimTicks)
{
    private readonly List<(string Name, long Ticks)> _phases = [("claim", claimTicks)];
    private long _last = time.GetTimestamp();
    private long _renderTicks;

    public void Mark(string phase)
    {
        var now = time.GetTimestamp();
        _phases.Add((phase, now - _last));
        _last = now;
    }

    public void AddRender(long ticks) => Interlocked.Add(ref _renderTicks, ticks);

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (name, ticks) in _phases)
        {
            text.Append(name).Append('=').Append(Milliseconds(ticks)).Append(' ');
        }

        return text.Append("(render summed over sends=").Append(Milliseconds(Interlocked.Read(ref _renderTicks))).Append(')').ToString();
    }

    private string Milliseconds(long ticks) =>
        (ticks * 1000.0 / time.TimestampFrequency).ToString("F1", CultureInfo.InvariantCulture);
}
