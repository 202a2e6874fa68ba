namespace MicroCredentials.Signing.Status;

/// <summary>
/// An <see cref="IStatusListStore"/> in process memory: for tests, demos and short-lived issuers. It runs the same
/// <see cref="StatusListStoreAlgorithm"/> as the database stores, over memory, one operation at a time.
/// </summary>
public sealed class InMemoryStatusListStore : IStatusListStore
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, Entry> _lists = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task CreateListAsync(StatusListDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return ExclusiveAsync(_ =>
        {
            if (!_lists.TryAdd(definition.ListUrl, new Entry(definition)))
            {
                throw new StatusListException(StatusErrorCodes.ListExists, $"a status list '{definition.ListUrl}' already exists");
            }

            return Task.FromResult(0);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<StatusListMetadata?> GetListAsync(string listUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        return ExclusiveAsync(t => t.ReadMetadataAsync(listUrl, forUpdate: false, cancellationToken), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<int> AllocateIndexAsync(string listUrl, CancellationToken cancellationToken = default) =>
        (await AllocateIndicesAsync(listUrl, 1, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Allocates <paramref name="count"/> distinct free indices at random, all or none.</summary>
    public Task<int[]> AllocateIndicesAsync(string listUrl, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        return ExclusiveAsync(t => StatusListStoreAlgorithm.AllocateAsync(t, listUrl, count, null, cancellationToken), cancellationToken);
    }

    /// <inheritdoc/>
    public Task SetStatusAsync(string listUrl, int index, int status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        return ExclusiveAsync(async t =>
        {
            await StatusListStoreAlgorithm.SetStatusAsync(t, listUrl, index, status, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<int> GetStatusAsync(string listUrl, int index, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        return ExclusiveAsync(_ => Task.FromResult(Get(listUrl).Bits.GetStatus(index)), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<BitstringStatusList> ReadListAsync(string listUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        return ExclusiveAsync(t => StatusListStoreAlgorithm.ReadListAsync(t, listUrl, cancellationToken), cancellationToken);
    }

    // One operation at a time, and an operation that throws leaves no allocation behind (the databases roll back).
    private async Task<T> ExclusiveAsync<T>(Func<Statements, Task<T>> body, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var statements = new Statements(this);
        try
        {
            return await body(statements).ConfigureAwait(false);
        }
        catch
        {
            statements.Rollback();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private Entry Get(string listUrl) =>
        _lists.TryGetValue(listUrl, out var e) ? e : throw StatusListStoreAlgorithm.NotFound(listUrl);

    /// <summary>The store's half of <see cref="StatusListStoreAlgorithm"/>, over memory; it remembers its inserts to undo them.</summary>
    private sealed class Statements(InMemoryStatusListStore store) : IStatusListStoreTransaction
    {
        private readonly List<(Entry Entry, int Index)> _inserted = [];

        public Task<StatusListMetadata?> ReadMetadataAsync(string listUrl, bool forUpdate, CancellationToken cancellationToken) =>
            Task.FromResult(store._lists.TryGetValue(listUrl, out var e) ? new StatusListMetadata(e.Definition, e.AllocatedCount) : null);

        public Task<IReadOnlyList<int>> TryInsertAsync(string listUrl, IReadOnlyList<int> indices, CancellationToken cancellationToken)
        {
            var e = store.Get(listUrl);
            var inserted = new List<int>(indices.Count);
            foreach (var i in indices)
            {
                if (!e.IsAllocated(i))
                {
                    e.Mark(i, true);
                    _inserted.Add((e, i));
                    inserted.Add(i);
                }
            }

            return Task.FromResult<IReadOnlyList<int>>(inserted);
        }

        public Task<IReadOnlyList<int>> ReadAllocatedAsync(string listUrl, CancellationToken cancellationToken)
        {
            var e = store.Get(listUrl);
            return Task.FromResult<IReadOnlyList<int>>([.. Enumerable.Range(0, e.Definition.Length).Where(e.IsAllocated)]);
        }

        public Task AddAllocatedAsync(string listUrl, int count, CancellationToken cancellationToken)
        {
            store.Get(listUrl).AllocatedCount += count;
            _inserted.Clear(); // counted: the allocation is complete
            return Task.CompletedTask;
        }

        public Task<bool> UpdateStatusAsync(string listUrl, int index, int status, CancellationToken cancellationToken)
        {
            var e = store.Get(listUrl);
            if (!e.IsAllocated(index))
            {
                return Task.FromResult(false);
            }

            e.Bits.SetStatus(index, status);
            return Task.FromResult(true);
        }

        public Task<IReadOnlyList<(int Index, int Status)>> ReadSetEntriesAsync(string listUrl, CancellationToken cancellationToken)
        {
            var e = store.Get(listUrl);
            return Task.FromResult<IReadOnlyList<(int, int)>>([.. e.Bits.NonZeroIndices().Select(i => (i, e.Bits.GetStatus(i)))]);
        }

        public void Rollback()
        {
            foreach (var (entry, index) in _inserted)
            {
                entry.Mark(index, false);
            }

            _inserted.Clear();
        }
    }

    private sealed class Entry(StatusListDefinition definition)
    {
        private readonly ulong[] _allocated = new ulong[(definition.Length + 63) / 64];

        public StatusListDefinition Definition { get; } = definition;

        public BitstringStatusList Bits { get; } = new(definition.Length, definition.StatusSize);

        public int AllocatedCount { get; set; }

        public bool IsAllocated(int index) => (_allocated[index >> 6] >> (index & 63) & 1) != 0;

        public void Mark(int index, bool allocated)
        {
            if (allocated)
            {
                _allocated[index >> 6] |= 1UL << (index & 63);
            }
            else
            {
                _allocated[index >> 6] &= ~(1UL << (index & 63));
            }
        }
    }
}
