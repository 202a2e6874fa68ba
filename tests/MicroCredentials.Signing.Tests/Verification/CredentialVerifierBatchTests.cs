using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Tests.Support;
using MicroCredentials.Signing.Verification;
using Xunit;

namespace MicroCredentials.Signing.Tests.Verification;

/// <summary><see cref="CredentialVerifier.VerifyManyAsync(IAsyncEnumerable{CredentialBatchItem}, int, VerifyOptions?, CancellationToken)"/>: order, parallelism, one fetch per list, cancellation.</summary>
public class CredentialVerifierBatchTests
{
    private static readonly string Root = TestPaths.ConformanceFile("in-the-wild", "dcc-vc-test-fixtures", "verifiableCredentials");
    private const string SlowFixture = "v2/ed25519/didKey/legacy-expiredStatus-noExpiry.json";

    private static CredentialVerifier Verifier(IStatusListResolver? lists = null) => new(new CredentialVerifierOptions
    {
        MethodResolver = VerifierFixtures.DccMethods,
        StatusListResolver = lists ?? VerifierFixtures.DccStatusLists,
        TimeProvider = VerifierFixtures.Clock,
        Schema = SchemaPolicy.Off,
    });

    private static List<CredentialBatchItem> Fixtures() => Directory.GetFiles(Root, "*.json", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(f => new CredentialBatchItem(Path.GetRelativePath(Root, f).Replace('\\', '/'), File.ReadAllBytes(f)))
        .ToList();

    [Fact]
    public async Task ResultsComeInInputOrderAndEqualVerifyingEachAlone()
    {
        var items = Fixtures();
        var results = await Collect(Verifier().VerifyManyAsync(items.ToAsyncEnumerable(), maxDegreeOfParallelism: 4));

        Assert.Equal(items.Select(i => i.Source), results.Select(r => r.Source));
        Assert.Equal(Enumerable.Range(0, items.Count), results.Select(r => r.Index));
        var alone = Verifier();
        foreach (var (item, result) in items.Zip(results))
        {
            var expected = await alone.VerifyAsync(item.Content);
            Assert.True(JsonNode.DeepEquals(expected.ToJson(), result.Report.ToJson()), item.Source);
        }
    }

    [Fact]
    public async Task ASlowEarlyInputHoldsBackLaterResultsButNeverReordersThem()
    {
        // The slow one first, then those that fetch a list, so the inputs verified while it waits fetch lists too.
        var items = Fixtures()
            .OrderBy(i => i.Source == SlowFixture ? 0 : System.Text.Encoding.UTF8.GetString(i.Content.Span).Contains("statusListCredential", StringComparison.Ordinal) ? 1 : 2)
            .ToList();
        var lists = new RecordingResolver(VerifierFixtures.DccStatusLists, delayed: "/expired", delay: TimeSpan.FromMilliseconds(500));

        var results = await Collect(Verifier(lists).VerifyManyAsync(items.ToAsyncEnumerable(), maxDegreeOfParallelism: 4));

        Assert.Equal(items.Select(i => i.Source), results.Select(r => r.Source));
        Assert.Equal(Enumerable.Range(0, items.Count), results.Select(r => r.Index));
        Assert.True(results[0].Report.HasCode(VerificationSteps.Status, StatusErrorCodes.StatusVerificationError), ReportAssert.Describe(results[0].Report));

        // Later inputs were verified while the first waited: their lists were fetched before its list arrived.
        var completed = lists.Completed.ToList();
        Assert.True(completed.FindIndex(u => u.EndsWith("/expired", StringComparison.Ordinal)) > 0, string.Join(", ", completed));
    }

    [Fact]
    public async Task AStatusListIsFetchedOncePerBatch()
    {
        var items = Fixtures();
        var lists = new RecordingResolver(VerifierFixtures.DccStatusLists);
        var results = await Collect(Verifier(lists).VerifyManyAsync(items.ToAsyncEnumerable(), maxDegreeOfParallelism: 4));

        Assert.Equal(items.Count, results.Count);
        var fetched = lists.Completed.ToList();
        Assert.True(fetched.Count >= 2, string.Join(", ", fetched));
        Assert.Equal(fetched.Distinct().Count(), fetched.Count);

        // More credentials use those lists than there were fetches: the rest were served the batch's copy.
        Assert.True(results.Count(r => r.Report.Checks.Any(c => c.Check == VerificationSteps.Status && c.Code != VerificationCodes.SkippedProofFailed && c.Code != VerificationCodes.NotApplicable)) > fetched.Count);
    }

    [Fact]
    public async Task ParallelismDoesNotChangeTheResults()
    {
        var items = Fixtures();
        var one = await Collect(Verifier().VerifyManyAsync(items.ToAsyncEnumerable(), maxDegreeOfParallelism: 1));
        var four = await Collect(Verifier().VerifyManyAsync(items.ToAsyncEnumerable(), maxDegreeOfParallelism: 4));
        Assert.Equal(one.Select(r => r.Report.ToJson().ToJsonString()), four.Select(r => r.Report.ToJson().ToJsonString()));
    }

    [Fact]
    public async Task CancellationStopsReadingInputsAndThrows()
    {
        var credential = File.ReadAllBytes(Path.Combine(Root, SlowFixture));
        var pulled = 0;
        async IAsyncEnumerable<CredentialBatchItem> Endless([EnumeratorCancellation] CancellationToken ct = default)
        {
            for (var i = 0; ; i++)
            {
                ct.ThrowIfCancellationRequested();
                Interlocked.Increment(ref pulled);
                yield return new CredentialBatchItem(i.ToString(System.Globalization.CultureInfo.InvariantCulture), credential);
                await Task.Yield();
            }
        }

        using var cts = new CancellationTokenSource();
        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var result in Verifier().VerifyManyAsync(Endless(), maxDegreeOfParallelism: 2, cancellationToken: cts.Token))
            {
                Assert.Equal(seen++, result.Index);
                if (seen == 3)
                {
                    await cts.CancelAsync();
                }
            }
        });

        Assert.Equal(3, seen);
        var after = Volatile.Read(ref pulled);

        // Bounded read-ahead: what was taken is at most the results seen plus the work and reorder windows.
        Assert.InRange(after, 3, 3 + (2 * 2) + 2);
        await Task.Delay(200);
        Assert.Equal(after, Volatile.Read(ref pulled));
    }

    [Fact]
    public async Task CancellationEndsVerificationsStuckOnAResolver()
    {
        var items = Fixtures().Where(i => i.Source == SlowFixture).ToList();
        var stuck = new RecordingResolver(VerifierFixtures.DccStatusLists, delayed: "/expired", delay: Timeout.InfiniteTimeSpan);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var started = DateTimeOffset.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Verifier(stuck).VerifyManyAsync(items.ToAsyncEnumerable(), cancellationToken: cts.Token))
            {
            }
        });
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task BreakingOffEarlyIsNotAnError()
    {
        var items = Fixtures();
        var first = new List<CredentialBatchResult>();
        await foreach (var result in Verifier().VerifyManyAsync(items.ToAsyncEnumerable(), maxDegreeOfParallelism: 3))
        {
            first.Add(result);
            if (first.Count == 2)
            {
                break;
            }
        }

        Assert.Equal(items.Take(2).Select(i => i.Source), first.Select(r => r.Source));
    }

    [Fact]
    public async Task BytesOverloadNumbersTheInputsAndAnInputExceptionReachesTheCaller()
    {
        var credential = File.ReadAllBytes(Path.Combine(Root, SlowFixture));
        var results = await Collect(Verifier().VerifyManyAsync(new ReadOnlyMemory<byte>[] { credential, "{}"u8.ToArray() }.ToAsyncEnumerable()));
        Assert.Equal(["0", "1"], results.Select(r => r.Source));
        Assert.False(results[1].Report.Verified);

        async IAsyncEnumerable<CredentialBatchItem> Failing()
        {
            yield return new CredentialBatchItem("a", credential);
            await Task.Yield();
            throw new IOException("disk gone");
        }

        var seen = new List<string>();
        var ex = await Assert.ThrowsAsync<IOException>(async () =>
        {
            await foreach (var r in Verifier().VerifyManyAsync(Failing()))
            {
                seen.Add(r.Source);
            }
        });
        Assert.Equal("disk gone", ex.Message);
        Assert.Equal(["a"], seen);
        Assert.Throws<ArgumentOutOfRangeException>(() => Verifier().VerifyManyAsync(Failing(), maxDegreeOfParallelism: -1).GetAsyncEnumerator());
    }

    private static async Task<List<CredentialBatchResult>> Collect(IAsyncEnumerable<CredentialBatchResult> results)
    {
        var list = new List<CredentialBatchResult>();
        await foreach (var r in results)
        {
            list.Add(r);
        }

        return list;
    }

    /// <summary>Serves another resolver's lists, delaying URLs ending in <c>delayed</c>, and records each completed fetch.</summary>
    private sealed class RecordingResolver(IStatusListResolver inner, string? delayed = null, TimeSpan delay = default) : IStatusListResolver
    {
        public ConcurrentQueue<string> Completed { get; } = new();

        public async Task<StatusListDocument> ResolveAsync(string url, CancellationToken cancellationToken = default)
        {
            if (delayed is not null && url.EndsWith(delayed, StringComparison.Ordinal))
            {
                await Task.Delay(delay, cancellationToken);
            }

            var doc = await inner.ResolveAsync(url, cancellationToken);
            Completed.Enqueue(url);
            return doc;
        }
    }
}
