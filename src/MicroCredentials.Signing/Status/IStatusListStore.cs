using System.Security.Cryptography;

namespace MicroCredentials.Signing.Status;

/// <summary>What a status list is: its URL, purpose, size and (for <c>message</c> lists) the meaning of each value.</summary>
public sealed record StatusListDefinition
{
    /// <summary>Creates a definition, checking it against the spec's constraints.</summary>
    /// <param name="listUrl">The URL the <c>BitstringStatusListCredential</c> is published at (the entries' <c>statusListCredential</c>).</param>
    /// <param name="purpose">One of <see cref="StatusPurposes"/>.</param>
    /// <param name="length">Number of entries; at least <see cref="BitstringStatusList.MinimumEntries"/>.</param>
    /// <param name="statusSize">Bits per entry; more than 1 only (and then required) for <c>message</c>.</param>
    /// <param name="messages">For <c>message</c> lists: one message per status value (2^statusSize of them).</param>
    public StatusListDefinition(string listUrl, string purpose, int length = BitstringStatusList.MinimumEntries, int statusSize = 1, IReadOnlyList<StatusMessage>? messages = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(listUrl);
        if (!Uri.TryCreate(listUrl, UriKind.Absolute, out _))
        {
            throw new ArgumentException("listUrl must be an absolute URL", nameof(listUrl));
        }

        ArgumentNullException.ThrowIfNull(purpose);
        if (!StatusPurposes.IsKnown(purpose))
        {
            throw new ArgumentException($"purpose must be revocation, suspension or message, not '{purpose}'", nameof(purpose));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(length, BitstringStatusList.MinimumEntries);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusSize, BitstringStatusList.MaxStatusSize);
        messages ??= [];
        if (purpose == StatusPurposes.Message)
        {
            if (statusSize < 2)
            {
                throw new ArgumentException("a message list needs statusSize > 1", nameof(statusSize));
            }

            // The spec asks for one message per possible value so every status has a meaning.
            if (messages.Count != 1 << statusSize || messages.Select(m => m.Status).Distinct().Count() != messages.Count || messages.Any(m => m.Status < 0 || m.Status >= 1 << statusSize))
            {
                throw new ArgumentException($"a message list with statusSize {statusSize} needs exactly {1 << statusSize} messages, one per status value", nameof(messages));
            }
        }
        else if (statusSize != 1 || messages.Count != 0)
        {
            throw new ArgumentException("statusSize > 1 and messages are only for purpose 'message'", nameof(statusSize));
        }

        ListUrl = listUrl;
        Purpose = purpose;
        Length = length;
        StatusSize = statusSize;
        Messages = messages.OrderBy(m => m.Status).ToArray();
    }

    /// <summary>The URL the status list credential is published at.</summary>
    public string ListUrl { get; }

    /// <summary>The <c>statusPurpose</c>.</summary>
    public string Purpose { get; }

    /// <summary>Number of entries.</summary>
    public int Length { get; }

    /// <summary>Bits per entry.</summary>
    public int StatusSize { get; }

    /// <summary>The messages of a <c>message</c> list, ordered by status value; empty otherwise.</summary>
    public IReadOnlyList<StatusMessage> Messages { get; }
}

/// <summary>A stored list's definition and how many of its indices are allocated.</summary>
/// <param name="Definition">The list's definition.</param>
/// <param name="AllocatedCount">Indices allocated so far.</param>
public sealed record StatusListMetadata(StatusListDefinition Definition, int AllocatedCount)
{
    /// <summary>Indices still free.</summary>
    public int FreeCount => Definition.Length - AllocatedCount;
}

/// <summary>
/// Issuer-side persistence of status lists. Implementations are safe for concurrent use, allocate indices
/// uniformly at random among the free ones with a cryptographic RNG (positions reveal nothing about issuance
/// order), never hand out an index twice, and keep every change atomic.
/// </summary>
public interface IStatusListStore
{
    /// <summary>Creates a list. Throws <see cref="StatusListException"/> (<see cref="StatusErrorCodes.ListExists"/>) if the URL is taken.</summary>
    Task CreateListAsync(StatusListDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>The list's metadata, or <see langword="null"/> when the store has no list with that URL.</summary>
    Task<StatusListMetadata?> GetListAsync(string listUrl, CancellationToken cancellationToken = default);

    /// <summary>
    /// Allocates a free index at random, atomically. Throws <see cref="StatusListException"/> with
    /// <see cref="StatusErrorCodes.ListNotFound"/> or <see cref="StatusErrorCodes.ListFull"/>.
    /// </summary>
    Task<int> AllocateIndexAsync(string listUrl, CancellationToken cancellationToken = default);

    /// <summary>Sets the status value of an allocated index (0 clears it). Throws <see cref="StatusListException"/> (<see cref="StatusErrorCodes.IndexNotAllocated"/>) for an index never allocated.</summary>
    Task SetStatusAsync(string listUrl, int index, int status, CancellationToken cancellationToken = default);

    /// <summary>The status value of an index (0 for an index never allocated).</summary>
    Task<int> GetStatusAsync(string listUrl, int index, CancellationToken cancellationToken = default);

    /// <summary>The whole list as a bitstring, read in one consistent snapshot.</summary>
    Task<BitstringStatusList> ReadListAsync(string listUrl, CancellationToken cancellationToken = default);
}
