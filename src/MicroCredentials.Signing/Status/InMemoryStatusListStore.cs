namespace MicroCredentials.Signing.Status;

/// <summary>An <see cref="IStatusListStore"/> in process memory: for tests, demos and short-lived issuers.</summary>
public sealed class InMemoryStatusListStore : IStatusListStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _lists = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task CreateListAsync(StatusListDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_lists.ContainsKey(definition.ListUrl))
            {
                throw new StatusListException(StatusErrorCodes.ListExists, $"a status list '{definition.ListUrl}' already exists");
            }

            _lists.Add(definition.ListUrl, new Entry(definition));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<StatusListMetadata?> GetListAsync(string listUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_lists.TryGetValue(listUrl, out var e) ? new StatusListMetadata(e.Definition, e.AllocatedCount) : null);
        }
    }

    /// <inheritdoc/>
    public Task<int> AllocateIndexAsync(string listUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var e = Get(listUrl);
            var length = e.Definition.Length;
            if (e.AllocatedCount >= length)
            {
                throw new StatusListException(StatusErrorCodes.ListFull, $"every index of '{listUrl}' is allocated");
            }

            for (var probe = 0; probe < StatusIndexPicker.RandomProbes; probe++)
            {
                var candidate = StatusIndexPicker.RandomIndex(length);
                if (!e.IsAllocated(candidate))
                {
                    return Task.FromResult(Take(e, candidate));
                }
            }

            // Nearly full: draw uniformly among the free indices with one scan of the bitmap.
            var target = System.Security.Cryptography.RandomNumberGenerator.GetInt32(length - e.AllocatedCount);
            for (var w = 0; w < e.Allocated.Length; w++)
            {
                var free = ~e.Allocated[w];
                if (w == e.Allocated.Length - 1 && length % 64 != 0)
                {
                    free &= (1UL << (length % 64)) - 1;
                }

                var count = System.Numerics.BitOperations.PopCount(free);
                if (target >= count)
                {
                    target -= count;
                    continue;
                }

                for (var b = 0; b < 64; b++)
                {
                    if ((free >> b & 1) != 0 && target-- == 0)
                    {
                        return Task.FromResult(Take(e, (w * 64) + b));
                    }
                }
            }

            throw new StatusListException(StatusErrorCodes.ListFull, $"every index of '{listUrl}' is allocated");
        }
    }

    /// <inheritdoc/>
    public Task SetStatusAsync(string listUrl, int index, int status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var e = Get(listUrl);
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, e.Definition.Length);
            if (!e.IsAllocated(index))
            {
                throw new StatusListException(StatusErrorCodes.IndexNotAllocated, $"index {index} of '{listUrl}' was never allocated");
            }

            e.Bits.SetStatus(index, status);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<int> GetStatusAsync(string listUrl, int index, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(Get(listUrl).Bits.GetStatus(index));
        }
    }

    /// <inheritdoc/>
    public Task<BitstringStatusList> ReadListAsync(string listUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var e = Get(listUrl);
            var copy = new BitstringStatusList(e.Definition.Length, e.Definition.StatusSize);
            foreach (var i in e.Bits.NonZeroIndices())
            {
                copy.SetStatus(i, e.Bits.GetStatus(i));
            }

            return Task.FromResult(copy);
        }
    }

    private static int Take(Entry e, int index)
    {
        e.Allocated[index >> 6] |= 1UL << (index & 63);
        e.AllocatedCount++;
        return index;
    }

    private Entry Get(string listUrl) =>
        _lists.TryGetValue(listUrl, out var e) ? e : throw new StatusListException(StatusErrorCodes.ListNotFound, $"no status list '{listUrl}'");

    private sealed class Entry(StatusListDefinition definition)
    {
        public StatusListDefinition Definition { get; } = definition;

        public ulong[] Allocated { get; } = new ulong[(definition.Length + 63) / 64];

        public bool IsAllocated(int index) => (Allocated[index >> 6] >> (index & 63) & 1) != 0;

        public BitstringStatusList Bits { get; } = new(definition.Length, definition.StatusSize);

        public int AllocatedCount { get; set; }
    }
}
