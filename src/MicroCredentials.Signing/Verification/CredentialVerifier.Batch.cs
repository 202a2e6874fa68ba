using System.Runtime.CompilerServices;
using System.Threading.Channels;
using MicroCredentials.Signing.Status;

namespace MicroCredentials.Signing.Verification;

/// <summary>One input of <see cref="CredentialVerifier.VerifyManyAsync(IAsyncEnumerable{CredentialBatchItem}, int, VerifyOptions?, CancellationToken)"/>.</summary>
/// <param name="Source">What the caller calls this input (a file path, <c>stdin:3</c>, a database key); echoed in the result, never read.</param>
/// <param name="Content">The input as bytes: JSON, a compact VC-JWT, or a baked PNG or SVG badge, as for <see cref="CredentialVerifier.VerifyAsync(ReadOnlyMemory{byte}, VerifyOptions?, CancellationToken)"/>.</param>
public sealed record CredentialBatchItem(string Source, ReadOnlyMemory<byte> Content);

/// <summary>One result of a batch: the input's position and source, and its report.</summary>
/// <param name="Index">The input's zero-based position in the batch.</param>
/// <param name="Source">The input's <see cref="CredentialBatchItem.Source"/>.</param>
/// <param name="Report">The same report <see cref="CredentialVerifier.VerifyAsync(ReadOnlyMemory{byte}, VerifyOptions?, CancellationToken)"/> gives for that input alone.</param>
public sealed record CredentialBatchResult(int Index, string Source, VerificationReport Report);

public sealed partial class CredentialVerifier
{
    /// <summary>
    /// Verifies many inputs, up to <paramref name="maxDegreeOfParallelism"/> at a time, and yields one result per input
    /// in input order, each as it becomes the next in order.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Status lists are fetched once per batch: unless <see cref="CredentialVerifierOptions.StatusListResolver"/> is
    /// already a <see cref="CachingStatusListResolver"/> (then it is used as it is, and its cache outlives the batch),
    /// the batch runs on a verifier whose resolver is that resolver wrapped in a new <see cref="CachingStatusListResolver"/>
    /// on the same clock, dropped when the batch ends. Each list is still checked against the URL it is used for on every
    /// use, so sharing it changes no verdict; a failed fetch is not cached and is retried by the next credential.
    /// </para>
    /// <para>
    /// Memory is bounded: at most <paramref name="maxDegreeOfParallelism"/> inputs are verified at once and at most as
    /// many finished results wait behind a slow earlier one, so <paramref name="inputs"/> is read only as fast as the
    /// results are consumed. Cancelling, or disposing the enumerator early, stops reading inputs and cancels the
    /// verifications in flight; the enumeration then throws <see cref="OperationCanceledException"/> (when cancelled) and
    /// does not return before every verification it started has stopped. An exception thrown by <paramref name="inputs"/>
    /// is rethrown to the consumer after the results before it; a hostile input never throws (see
    /// <see cref="VerifyAsync(ReadOnlyMemory{byte}, VerifyOptions?, CancellationToken)"/>).
    /// </para>
    /// </remarks>
    /// <param name="inputs">The inputs, read lazily.</param>
    /// <param name="maxDegreeOfParallelism">How many inputs are verified at once; 0 means <see cref="Environment.ProcessorCount"/>.</param>
    /// <param name="verifyOptions">Per-call options, applied to every input.</param>
    /// <param name="cancellationToken">Stops the batch.</param>
    public IAsyncEnumerable<CredentialBatchResult> VerifyManyAsync(
        IAsyncEnumerable<CredentialBatchItem> inputs,
        int maxDegreeOfParallelism = 0,
        VerifyOptions? verifyOptions = null,
        CancellationToken cancellationToken = default)
    {
        // Checked here, not in the iterator, so a bad argument throws at the call rather than at the first MoveNextAsync.
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDegreeOfParallelism);
        var parallelism = maxDegreeOfParallelism == 0 ? Environment.ProcessorCount : maxDegreeOfParallelism;
        return VerifyManyCoreAsync(ForBatch(), inputs, parallelism, verifyOptions ?? VerifyOptions.Default, cancellationToken);
    }

    private static async IAsyncEnumerable<CredentialBatchResult> VerifyManyCoreAsync(
        CredentialVerifier verifier,
        IAsyncEnumerable<CredentialBatchItem> inputs,
        int parallelism,
        VerifyOptions verifyOptions,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var slots = new SemaphoreSlim(parallelism, parallelism);

        // The channel is the reorder window: results are awaited in the order their tasks were queued, so a slow
        // early input holds back later results (bounded by the channel's capacity) but never reorders them.
        var queue = Channel.CreateBounded<Task<CredentialBatchResult>>(new BoundedChannelOptions(parallelism) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => ProduceAsync(verifier, inputs, verifyOptions, slots, queue.Writer, stop.Token), CancellationToken.None);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                while (queue.Reader.TryRead(out var next))
                {
                    // Results already finished are not handed out once the caller has asked to stop.
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return await next.ConfigureAwait(false);
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);

            // Every started verification holds a slot until it ends: taking them all back means none is still running
            // against inputs or resolvers the caller may be about to dispose.
            for (var i = 0; i < parallelism; i++)
            {
                await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            while (queue.Reader.TryRead(out var abandoned))
            {
                // Observed so a cancelled verification is not reported as an unobserved task exception.
                _ = abandoned.Exception;
            }
        }

        // Cancellation that raced the last result still surfaces as cancellation, never as a silently short batch.
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Verifies many inputs given as bytes; see <see cref="VerifyManyAsync(IAsyncEnumerable{CredentialBatchItem}, int, VerifyOptions?, CancellationToken)"/>. Each source is the input's index.</summary>
    /// <param name="inputs">The inputs, read lazily.</param>
    /// <param name="maxDegreeOfParallelism">How many inputs are verified at once; 0 means <see cref="Environment.ProcessorCount"/>.</param>
    /// <param name="verifyOptions">Per-call options, applied to every input.</param>
    /// <param name="cancellationToken">Stops the batch.</param>
    public IAsyncEnumerable<CredentialBatchResult> VerifyManyAsync(
        IAsyncEnumerable<ReadOnlyMemory<byte>> inputs,
        int maxDegreeOfParallelism = 0,
        VerifyOptions? verifyOptions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDegreeOfParallelism);
        return VerifyManyAsync(Numbered(inputs, cancellationToken), maxDegreeOfParallelism, verifyOptions, cancellationToken);
    }

    private static async IAsyncEnumerable<CredentialBatchItem> Numbered(IAsyncEnumerable<ReadOnlyMemory<byte>> inputs, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var index = 0;
        await foreach (var input in inputs.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return new CredentialBatchItem((index++).ToString(System.Globalization.CultureInfo.InvariantCulture), input);
        }
    }

    private CredentialVerifier ForBatch() => _options.StatusListResolver is { } resolver and not CachingStatusListResolver
        ? new CredentialVerifier(_options with { StatusListResolver = new CachingStatusListResolver(resolver, _options.TimeProvider) })
        : this;

    private static async Task ProduceAsync(
        CredentialVerifier verifier,
        IAsyncEnumerable<CredentialBatchItem> inputs,
        VerifyOptions verifyOptions,
        SemaphoreSlim slots,
        ChannelWriter<Task<CredentialBatchResult>> queue,
        CancellationToken ct)
    {
        try
        {
            var index = 0;
            await foreach (var item in inputs.WithCancellation(ct).ConfigureAwait(false))
            {
                ArgumentNullException.ThrowIfNull(item, nameof(inputs));
                await slots.WaitAsync(ct).ConfigureAwait(false);
                var position = index++;
                Task<CredentialBatchResult> task;
                try
                {
                    task = Task.Run(() => VerifyOneAsync(verifier, item, position, verifyOptions, slots, ct), CancellationToken.None);
                }
                catch
                {
                    slots.Release();
                    throw;
                }

                await queue.WriteAsync(task, ct).ConfigureAwait(false);
            }

            queue.TryComplete();
        }
        catch (Exception ex)
        {
            queue.TryComplete(ex);
        }
    }

    private static async Task<CredentialBatchResult> VerifyOneAsync(CredentialVerifier verifier, CredentialBatchItem item, int index, VerifyOptions verifyOptions, SemaphoreSlim slots, CancellationToken ct)
    {
        try
        {
            var report = await verifier.VerifyAsync(item.Content, verifyOptions, ct).ConfigureAwait(false);
            return new CredentialBatchResult(index, item.Source, report);
        }
        finally
        {
            slots.Release();
        }
    }
}
