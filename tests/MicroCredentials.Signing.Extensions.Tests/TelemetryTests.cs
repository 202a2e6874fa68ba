using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Extensions.Tests.Support;
using MicroCredentials.Signing.Telemetry;
using MicroCredentials.Signing.Verification;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace MicroCredentials.Signing.Extensions.Tests;

/// <summary>Spans and metrics read with in-memory listeners, as an OpenTelemetry exporter would see them.</summary>
public sealed class TelemetryTests : IDisposable
{
    private readonly World _world = new();
    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly ActivityListener _activityListener;
    private readonly MeterListener _meterListener = new();

    public TelemetryTests()
    {
        _activityListener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == MicroCredentialsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => _activities.Enqueue(a),
        };
        ActivitySource.AddActivityListener(_activityListener);
        _meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MicroCredentialsTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meterListener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _meterListener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _meterListener.Start();
    }

    public void Dispose()
    {
        _activityListener.Dispose();
        _meterListener.Dispose();
        _world.Dispose();
    }

    [Fact]
    public async Task VerifyEmitsASpanPerVerificationCheckAndFetchAndTheMetrics()
    {
        var host = await _world.StartHostAsync();
        var issuer = host.Services.GetRequiredService<MicroCredentialsIssuers>().Get("university");
        var credential = await issuer.IssueAsync(_world.Elements);
        await _world.PublishAsync(host);
        var verifier = host.Services.GetRequiredService<MicroCredentialsVerifier>();
        var id = (string)credential["id"]!;

        var first = await verifier.VerifyAsync(credential);
        var second = await verifier.VerifyAsync(credential);
        Assert.True(first.Verified, string.Join("; ", first.Failures));
        Assert.True(second.Verified);

        // Issuance: a span with the credential id, the counter and the allocation latency.
        var issue = Assert.Single(_activities, a => a.OperationName == MicroCredentialsTelemetry.IssueActivity && (string?)a.GetTagItem("mcred.credential.id") == id);
        Assert.Equal(_world.Key.Controller, issue.GetTagItem("mcred.issuer"));
        Assert.Contains(_measurements, m => m.Instrument == MicroCredentialsTelemetry.IssuedMetric && (string?)m.Tags["mcred.cryptosuite"] == "eddsa-rdfc-2022");
        Assert.Contains(_measurements, m => m.Instrument == MicroCredentialsTelemetry.AllocationDurationMetric && m.Value >= 0);

        // Two verify spans for this credential, each the parent of one span per check.
        var verifies = _activities.Where(a => a.OperationName == MicroCredentialsTelemetry.VerifyActivity && (string?)a.GetTagItem("mcred.credential.id") == id).ToArray();
        Assert.Equal(2, verifies.Length);
        Assert.All(verifies, v => Assert.Equal("verified", v.GetTagItem("mcred.outcome")));
        var checks = _activities.Where(a => a.OperationName == MicroCredentialsTelemetry.CheckActivity && a.ParentSpanId == verifies[0].SpanId).Select(a => (string?)a.GetTagItem("mcred.check")).ToArray();
        Assert.Contains("ProofCheck", checks);
        Assert.Contains("StatusCheck", checks);
        Assert.Contains("ValidityCheck", checks);
        Assert.True(checks.Length >= 10, string.Join(",", checks));

        // One fetch of the list (the second verification is served by the cache), inside the first verification.
        // (Other tests fetch the same URL in parallel: only fetches inside this test's verification traces count.)
        var traces = verifies.Select(v => v.TraceId).ToHashSet();
        var fetches = _activities.Where(a => a.OperationName == MicroCredentialsTelemetry.FetchActivity && traces.Contains(a.TraceId) && (string?)a.GetTagItem("url.full") == World.ListUrl).ToArray();
        var fetch = Assert.Single(fetches);
        Assert.Equal(verifies[0].TraceId, fetch.TraceId);
        Assert.Equal("ok", fetch.GetTagItem("mcred.outcome"));
        Assert.Equal(1, _world.ListFetches);
        Assert.Contains(_measurements, m => m.Instrument == MicroCredentialsTelemetry.StatusListCacheMissesMetric && (string?)m.Tags["mcred.cache.layer"] == "hybrid");
        Assert.Contains(_measurements, m => m.Instrument == MicroCredentialsTelemetry.StatusListCacheHitsMetric);
        Assert.Contains(_measurements, m => m.Instrument == MicroCredentialsTelemetry.FetchDurationMetric && (string?)m.Tags["mcred.fetch.kind"] == "StatusList");
        Assert.True(_measurements.Count(m => m.Instrument == MicroCredentialsTelemetry.VerificationsMetric && (string?)m.Tags["mcred.outcome"] == "verified") >= 2);
        Assert.True(_measurements.Count(m => m.Instrument == MicroCredentialsTelemetry.VerificationDurationMetric && m.Value > 0) >= 2);
    }

    [Fact]
    public async Task AFailedVerificationIsCountedByOutcomeAndCodeAndMarksItsSpan()
    {
        var host = await _world.StartHostAsync();
        var issuer = host.Services.GetRequiredService<MicroCredentialsIssuers>().Get("university");
        var credential = await issuer.IssueAsync(_world.Elements, new Issuance.IssueOptions());
        var tampered = (JsonObject)credential.DeepClone();
        tampered["credentialSubject"]!["achievement"]!["name"] = "Something else";
        var report = await host.Services.GetRequiredService<MicroCredentialsVerifier>().VerifyAsync(tampered);
        Assert.Equal(VerificationOutcome.Failed, report.Outcome);
        var code = report.Failures.First(f => f.Check == VerificationSteps.Proof).Code;

        var span = Assert.Single(_activities, a => a.OperationName == MicroCredentialsTelemetry.VerifyActivity && (string?)a.GetTagItem("mcred.credential.id") == (string?)credential["id"]);
        Assert.Equal("failed", span.GetTagItem("mcred.outcome"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Contains(code, (string?)span.GetTagItem("mcred.codes"));
        Assert.Contains(_activities, a => a.OperationName == MicroCredentialsTelemetry.CheckActivity && a.ParentSpanId == span.SpanId && (string?)a.GetTagItem("mcred.check") == "ProofCheck" && (string?)a.GetTagItem("mcred.outcome") == "failed");
        Assert.Contains(_measurements, m => m.Instrument == MicroCredentialsTelemetry.VerificationsMetric && (string?)m.Tags["mcred.outcome"] == "failed");
        Assert.Contains(_measurements, m => m.Instrument == MicroCredentialsTelemetry.VerificationCodesMetric && (string?)m.Tags["mcred.code"] == code && (string?)m.Tags["mcred.check"] == VerificationSteps.Proof);

        // The log line names the credential, issuer, outcome and code, and carries no part of the credential body.
        var line = Assert.Single(_world.Logs.Entries, e => e.Id.Id == MicroCredentialsLogEvents.CredentialNotVerified && e.Message.Contains((string)credential["id"]!, StringComparison.Ordinal));
        Assert.Contains(_world.Key.Controller, line.Message);
        Assert.Contains("failed", line.Message);
        Assert.Contains(code, line.Message);
        Assert.DoesNotContain("Something else", line.Message);
        Assert.DoesNotContain((string)credential["proof"]!["proofValue"]!, string.Join("\n", _world.Logs.Entries.Select(e => e.Message)));
        Assert.Contains(_world.Logs.Entries, e => e.Id.Id == MicroCredentialsLogEvents.CredentialIssued && e.Message.Contains((string)credential["id"]!, StringComparison.Ordinal));
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var dict = new Dictionary<string, object?>();
        foreach (var t in tags)
        {
            dict[t.Key] = t.Value;
        }

        _measurements.Enqueue((instrument.Name, value, dict));
    }
}
