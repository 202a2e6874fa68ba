using System.Diagnostics;

namespace MicroCredentials.Signing.Verification.Checks;

/// <summary>Accumulates the time spent in each verification step over many verifications (one thread at a time).</summary>
internal sealed class CheckTimings
{
    private readonly Dictionary<string, long> ticks = new(StringComparer.Ordinal);
    private readonly List<string> order = [];

    /// <summary>Adds the time since <paramref name="startTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/> value) to <paramref name="step"/>.</summary>
    public void Add(string step, long startTimestamp)
    {
        var elapsed = Stopwatch.GetTimestamp() - startTimestamp;
        var name = step.EndsWith("Check", StringComparison.Ordinal) ? step[..^"Check".Length] : step;
        if (!ticks.TryAdd(name, elapsed))
        {
            ticks[name] += elapsed;
        }
        else
        {
            order.Add(name);
        }
    }

    /// <summary>Microseconds per verification for each step, in the order the steps ran.</summary>
    public IEnumerable<(string Step, double Microseconds)> PerVerification(int verifications) =>
        order.Select(n => (n, Math.Round(ticks[n] * 1_000_000.0 / Stopwatch.Frequency / verifications, 1)));

    public void Clear()
    {
        ticks.Clear();
        order.Clear();
    }
}
