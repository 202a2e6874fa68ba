using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MicroCredentials.Signing.Telemetry;

/// <summary>
/// The library's traces and metrics, on <c>System.Diagnostics</c> only (no exporter dependency): one
/// <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <see cref="Name"/>. Subscribe with
/// OpenTelemetry (<c>AddSource(MicroCredentialsTelemetry.Name)</c>, <c>AddMeter(MicroCredentialsTelemetry.Name)</c>) or
/// an <see cref="ActivityListener"/> / <see cref="MeterListener"/>. Nothing is recorded for a listener that is not there.
/// Tags carry ids, outcomes and codes, never keys nor whole credentials.
/// </summary>
public static class MicroCredentialsTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "MicroCredentials.Signing";

    /// <summary>Span of one credential verification (<c>mcred.verify</c>).</summary>
    public const string VerifyActivity = "mcred.verify";

    /// <summary>Span of one check inside a verification (<c>mcred.check</c>, tag <c>mcred.check</c> names it).</summary>
    public const string CheckActivity = "mcred.check";

    /// <summary>Span of one fetch of a remote document (<c>mcred.fetch</c>).</summary>
    public const string FetchActivity = "mcred.fetch";

    /// <summary>Span of one issuance (<c>mcred.issue</c>).</summary>
    public const string IssueActivity = "mcred.issue";

    /// <summary>Counter of finished verifications, tagged <c>mcred.outcome</c> (verified, failed, indeterminate).</summary>
    public const string VerificationsMetric = "mcred.verifications";

    /// <summary>Counter of failed or indeterminate checks, tagged <c>mcred.check</c>, <c>mcred.code</c> and <c>mcred.outcome</c>.</summary>
    public const string VerificationCodesMetric = "mcred.verification.codes";

    /// <summary>Histogram of verification durations in seconds, tagged <c>mcred.outcome</c>.</summary>
    public const string VerificationDurationMetric = "mcred.verification.duration";

    /// <summary>Counter of status-list cache lookups that were served from a cache, tagged <c>mcred.cache.layer</c>.</summary>
    public const string StatusListCacheHitsMetric = "mcred.status_list.cache.hits";

    /// <summary>Counter of status-list cache lookups that needed a fetch.</summary>
    public const string StatusListCacheMissesMetric = "mcred.status_list.cache.misses";

    /// <summary>Counter of issued credentials, tagged <c>mcred.cryptosuite</c>.</summary>
    public const string IssuedMetric = "mcred.issuance.count";

    /// <summary>Histogram of status-index allocation latency in seconds.</summary>
    public const string AllocationDurationMetric = "mcred.status.allocation.duration";

    /// <summary>Histogram of fetch durations in seconds, tagged <c>mcred.fetch.kind</c> and <c>mcred.outcome</c>.</summary>
    public const string FetchDurationMetric = "mcred.fetch.duration";

    private static readonly string? Version = typeof(MicroCredentialsTelemetry).Assembly.GetName().Version?.ToString();

    /// <summary>The activity source (<see cref="Name"/>).</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, Version);

    /// <summary>The meter (<see cref="Name"/>).</summary>
    public static Meter Meter { get; } = new(Name, Version);

    internal static Counter<long> Verifications { get; } = Meter.CreateCounter<long>(VerificationsMetric, "{verification}", "Credential verifications by outcome");

    internal static Counter<long> VerificationCodes { get; } = Meter.CreateCounter<long>(VerificationCodesMetric, "{check}", "Failed or indeterminate checks by check and code");

    internal static Histogram<double> VerificationDuration { get; } = Meter.CreateHistogram<double>(VerificationDurationMetric, "s", "Duration of a credential verification");

    internal static Counter<long> StatusListCacheHits { get; } = Meter.CreateCounter<long>(StatusListCacheHitsMetric, "{lookup}", "Status-list lookups served from a cache");

    internal static Counter<long> StatusListCacheMisses { get; } = Meter.CreateCounter<long>(StatusListCacheMissesMetric, "{lookup}", "Status-list lookups that fetched the list");

    internal static Counter<long> Issued { get; } = Meter.CreateCounter<long>(IssuedMetric, "{credential}", "Credentials issued");

    internal static Histogram<double> AllocationDuration { get; } = Meter.CreateHistogram<double>(AllocationDurationMetric, "s", "Latency of allocating a status-list index");

    internal static Histogram<double> FetchDuration { get; } = Meter.CreateHistogram<double>(FetchDurationMetric, "s", "Duration of a fetch of a remote document");

    /// <summary>Records a status-list cache hit (<paramref name="layer"/>: <c>memory</c>, <c>hybrid</c>, …) or a miss.</summary>
    internal static void RecordCacheLookup(bool hit, string layer)
    {
        var tag = new KeyValuePair<string, object?>("mcred.cache.layer", layer);
        if (hit)
        {
            StatusListCacheHits.Add(1, tag);
        }
        else
        {
            StatusListCacheMisses.Add(1, tag);
        }
    }

    /// <summary>Starts a fetch span and returns a scope that records the fetch duration when disposed.</summary>
    internal static FetchScope StartFetch(string kind, string url) => new(kind, url);

    /// <summary>Elapsed seconds since a <see cref="Stopwatch.GetTimestamp"/> value.</summary>
    internal static double SecondsSince(long start) => Stopwatch.GetElapsedTime(start).TotalSeconds;

    /// <summary>A fetch span plus its duration measurement; <see cref="Fail"/> marks it failed before disposal.</summary>
    internal sealed class FetchScope : IDisposable
    {
        private readonly Activity? _activity;
        private readonly long _start = Stopwatch.GetTimestamp();
        private readonly string _kind;
        private string _outcome = "ok";

        public FetchScope(string kind, string url)
        {
            _kind = kind;
            _activity = ActivitySource.StartActivity(FetchActivity, ActivityKind.Client);
            _activity?.SetTag("mcred.fetch.kind", kind);
            _activity?.SetTag("url.full", url);
        }

        public void Fail(string reason)
        {
            _outcome = "error";
            _activity?.SetStatus(ActivityStatusCode.Error, reason);
        }

        public void Dispose()
        {
            _activity?.SetTag("mcred.outcome", _outcome);
            _activity?.Dispose();
            FetchDuration.Record(SecondsSince(_start), new KeyValuePair<string, object?>("mcred.fetch.kind", _kind), new KeyValuePair<string, object?>("mcred.outcome", _outcome));
        }
    }
}
