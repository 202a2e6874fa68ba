using System.Security.Cryptography;

namespace MicroCredentials.Signing.Status;

/// <summary>
/// The statements a database-backed <see cref="IStatusListStore"/> runs, inside one transaction that the store opened
/// with its own isolation. A provider writes only these (its SQL); <see cref="StatusListStoreAlgorithm"/> is the one
/// algorithm over them for every provider: random allocation, status changes and consistent reads.
/// </summary>
public interface IStatusListStoreTransaction
{
    /// <summary>The list's metadata, or null; with <paramref name="forUpdate"/> the list's row is locked until commit.</summary>
    Task<StatusListMetadata?> ReadMetadataAsync(string listUrl, bool forUpdate, CancellationToken cancellationToken);

    /// <summary>Inserts an entry row (status 0) for each index not yet allocated; returns the indices it inserted.</summary>
    Task<IReadOnlyList<int>> TryInsertAsync(string listUrl, IReadOnlyList<int> indices, CancellationToken cancellationToken);

    /// <summary>Every allocated index of the list.</summary>
    Task<IReadOnlyList<int>> ReadAllocatedAsync(string listUrl, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="count"/> to the list's allocated counter.</summary>
    Task AddAllocatedAsync(string listUrl, int count, CancellationToken cancellationToken);

    /// <summary>Sets an allocated entry's status; false when the index has no entry row (never allocated).</summary>
    Task<bool> UpdateStatusAsync(string listUrl, int index, int status, CancellationToken cancellationToken);

    /// <summary>Every entry whose status is not 0, as (index, status).</summary>
    Task<IReadOnlyList<(int Index, int Status)>> ReadSetEntriesAsync(string listUrl, CancellationToken cancellationToken);
}

/// <summary>
/// The status-list store algorithm, written once for every database provider (<see cref="IStatusListStoreTransaction"/>):
/// indices are drawn uniformly at random from the cryptographic RNG (their positions say nothing about issuance order),
/// first by probing, then, when a list is nearly full and probes keep colliding, by sampling exactly among the free
/// ones; never twice; all or nothing inside the caller's transaction.
/// </summary>
public static class StatusListStoreAlgorithm
{
    /// <summary>How many rounds of uniformly random probes run before the exact sample of the free indices.</summary>
    public const int RandomProbeRounds = 32;

    /// <summary>
    /// Allocates <paramref name="count"/> distinct free indices of a list. The caller commits afterwards; on any
    /// exception it rolls back, so either all are allocated or none. Throws <see cref="StatusListException"/> with
    /// <see cref="StatusErrorCodes.ListNotFound"/> or <see cref="StatusErrorCodes.ListFull"/>.
    /// </summary>
    /// <param name="transaction">The provider's statements in an open transaction.</param>
    /// <param name="listUrl">The list.</param>
    /// <param name="count">How many indices; 1 for one credential.</param>
    /// <param name="beforeCommit">A test seam awaited after the inserts and before the counter update, or null.</param>
    /// <param name="cancellationToken">Cancels the allocation (the caller's transaction then rolls back).</param>
    public static async Task<int[]> AllocateAsync(IStatusListStoreTransaction transaction, string listUrl, int count, Func<CancellationToken, Task>? beforeCommit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(listUrl);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var meta = await transaction.ReadMetadataAsync(listUrl, forUpdate: true, cancellationToken).ConfigureAwait(false)
            ?? throw NotFound(listUrl);
        var length = meta.Definition.Length;
        var free = length - meta.AllocatedCount;
        if (free < count)
        {
            throw new StatusListException(StatusErrorCodes.ListFull, count == 1
                ? $"every index of '{listUrl}' is allocated"
                : $"'{listUrl}' has {free} free indices; {count} were asked for");
        }

        var taken = new List<int>(count);
        for (var round = 0; round < RandomProbeRounds && taken.Count < count; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var candidates = new HashSet<int>();
            while (candidates.Count < count - taken.Count)
            {
                candidates.Add(RandomNumberGenerator.GetInt32(length));
            }

            candidates.ExceptWith(taken);
            taken.AddRange(await transaction.TryInsertAsync(listUrl, [.. candidates], cancellationToken).ConfigureAwait(false));
        }

        if (taken.Count < count)
        {
            // Nearly full: one read of the used set, then an exact uniform sample of the free indices.
            var sample = SampleFree(await transaction.ReadAllocatedAsync(listUrl, cancellationToken).ConfigureAwait(false), length, count - taken.Count);
            var inserted = sample is null ? [] : await transaction.TryInsertAsync(listUrl, sample, cancellationToken).ConfigureAwait(false);
            if (sample is null || inserted.Count != sample.Length)
            {
                throw new StatusListException(StatusErrorCodes.ListFull, $"every index of '{listUrl}' is allocated");
            }

            taken.AddRange(inserted);
        }

        if (beforeCommit is not null)
        {
            await beforeCommit(cancellationToken).ConfigureAwait(false);
        }

        await transaction.AddAllocatedAsync(listUrl, taken.Count, cancellationToken).ConfigureAwait(false);
        return [.. taken];
    }

    /// <summary>Sets the status of an allocated index after checking it against the list's size and status width.</summary>
    public static async Task SetStatusAsync(IStatusListStoreTransaction transaction, string listUrl, int index, int status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(listUrl);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfNegative(status);
        var meta = await transaction.ReadMetadataAsync(listUrl, forUpdate: false, cancellationToken).ConfigureAwait(false)
            ?? throw NotFound(listUrl);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, meta.Definition.Length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, (1 << meta.Definition.StatusSize) - 1);
        if (!await transaction.UpdateStatusAsync(listUrl, index, status, cancellationToken).ConfigureAwait(false))
        {
            throw new StatusListException(StatusErrorCodes.IndexNotAllocated, $"index {index} of '{listUrl}' was never allocated");
        }
    }

    /// <summary>The whole list as a bitstring; the caller's transaction makes the metadata and the bits one snapshot.</summary>
    public static async Task<BitstringStatusList> ReadListAsync(IStatusListStoreTransaction transaction, string listUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(listUrl);
        var meta = await transaction.ReadMetadataAsync(listUrl, forUpdate: false, cancellationToken).ConfigureAwait(false)
            ?? throw NotFound(listUrl);
        var list = new BitstringStatusList(meta.Definition.Length, meta.Definition.StatusSize);
        foreach (var (index, status) in await transaction.ReadSetEntriesAsync(listUrl, cancellationToken).ConfigureAwait(false))
        {
            list.SetStatus(index, status);
        }

        return list;
    }

    /// <summary>The error for a list the store does not have.</summary>
    public static StatusListException NotFound(string listUrl) =>
        new(StatusErrorCodes.ListNotFound, $"no status list '{listUrl}'");

    // Partial Fisher–Yates over the free indices with the cryptographic RNG: the first `need` are a uniform sample.
    private static int[]? SampleFree(IReadOnlyList<int> allocated, int length, int need)
    {
        var used = new System.Collections.BitArray(length);
        foreach (var i in allocated)
        {
            if ((uint)i < (uint)length)
            {
                used[i] = true;
            }
        }

        var free = new List<int>();
        for (var i = 0; i < length; i++)
        {
            if (!used[i])
            {
                free.Add(i);
            }
        }

        if (free.Count < need)
        {
            return null;
        }

        for (var i = 0; i < need; i++)
        {
            var j = i + RandomNumberGenerator.GetInt32(free.Count - i);
            (free[i], free[j]) = (free[j], free[i]);
        }

        return [.. free.Take(need)];
    }
}
