using System.Text.Json;
using MicroCredentials.Signing.Status;
using Npgsql;

namespace MicroCredentials.Signing.PostgreSql;

/// <summary>
/// An <see cref="IStatusListStore"/> on PostgreSQL, for issuers running several instances. An allocation locks
/// its list's row (<c>SELECT … FOR UPDATE</c>) for one short transaction, and the primary key on
/// (list, index) guarantees no index is ever stored twice; a client that dies mid-transaction is rolled back
/// by the server.
/// </summary>
public sealed class PostgreSqlStatusListStore : IStatusListStore, IAsyncDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS mcred_status_list(
            url text NOT NULL PRIMARY KEY,
            purpose text NOT NULL,
            length integer NOT NULL,
            status_size integer NOT NULL,
            messages text NOT NULL,
            allocated integer NOT NULL DEFAULT 0,
            CHECK (allocated >= 0 AND allocated <= length));
        CREATE TABLE IF NOT EXISTS mcred_status_entry(
            list_url text NOT NULL REFERENCES mcred_status_list(url),
            idx integer NOT NULL,
            status integer NOT NULL DEFAULT 0,
            PRIMARY KEY (list_url, idx));
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    /// <summary>Uses an existing data source (the caller keeps ownership). Call <see cref="EnsureSchemaAsync"/> once.</summary>
    public PostgreSqlStatusListStore(NpgsqlDataSource dataSource)
        : this(dataSource, ownsDataSource: false)
    {
    }

    private PostgreSqlStatusListStore(NpgsqlDataSource dataSource, bool ownsDataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
    }

    /// <summary>Test seam: awaited inside every allocation transaction (single and batch), after the insert and before the counter update.</summary>
    internal Func<NpgsqlConnection, CancellationToken, Task>? FaultPoint { get; set; }

    /// <summary>Connects with <paramref name="connectionString"/>, creates the tables when missing, and owns the connection pool.</summary>
    public static async Task<PostgreSqlStatusListStore> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var store = new PostgreSqlStatusListStore(NpgsqlDataSource.Create(connectionString), ownsDataSource: true);
        try
        {
            await store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates the store's two tables when missing.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(Schema, connection);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task CreateListAsync(StatusListDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("INSERT INTO mcred_status_list(url, purpose, length, status_size, messages) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (url) DO NOTHING", connection);
        cmd.Parameters.AddWithValue(definition.ListUrl);
        cmd.Parameters.AddWithValue(definition.Purpose);
        cmd.Parameters.AddWithValue(definition.Length);
        cmd.Parameters.AddWithValue(definition.StatusSize);
        cmd.Parameters.AddWithValue(JsonSerializer.Serialize(definition.Messages.Select(m => new PgMessageRow(m.Status, m.Message)).ToArray(), PgMessageJson.Default.PgMessageRowArray));
        if (await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new StatusListException(StatusErrorCodes.ListExists, $"a status list '{definition.ListUrl}' already exists");
        }
    }

    /// <inheritdoc/>
    public async Task<StatusListMetadata?> GetListAsync(string listUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadMetadataAsync(connection, null, listUrl, forUpdate: false, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<int> AllocateIndexAsync(string listUrl, CancellationToken cancellationToken = default) =>
        (await AllocateIndicesAsync(listUrl, 1, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Allocates <paramref name="count"/> free indices of one list at random in one transaction (one row lock, one
    /// round trip per batch of candidates instead of one transaction per index): for bulk issuance. The indices are
    /// distinct, uniformly random among the free ones, and either all allocated or none (the transaction rolls back).
    /// Throws <see cref="StatusListException"/> with <see cref="StatusErrorCodes.ListNotFound"/>, or
    /// <see cref="StatusErrorCodes.ListFull"/> when fewer than <paramref name="count"/> are free.
    /// </summary>
    public async Task<int[]> AllocateIndicesAsync(string listUrl, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        Func<CancellationToken, Task>? fault = FaultPoint is { } f ? ct => f(connection, ct) : null;
        var taken = await StatusListStoreAlgorithm.AllocateAsync(new Statements(connection, tx), listUrl, count, fault, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return taken;
    }

    /// <summary>Every allocated index of a list with its status, in index order (for audits and consistency checks).</summary>
    public async Task<IReadOnlyList<(int Index, int Status)>> ReadEntriesAsync(string listUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("SELECT idx, status FROM mcred_status_entry WHERE list_url = $1 ORDER BY idx", connection);
        cmd.Parameters.AddWithValue(listUrl);
        var entries = new List<(int, int)>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }

        return entries;
    }

    /// <inheritdoc/>
    public async Task SetStatusAsync(string listUrl, int index, int status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await StatusListStoreAlgorithm.SetStatusAsync(new Statements(connection, tx), listUrl, index, status, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<int> GetStatusAsync(string listUrl, int index, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var meta = await ReadMetadataAsync(connection, null, listUrl, forUpdate: false, cancellationToken).ConfigureAwait(false)
            ?? throw StatusListStoreAlgorithm.NotFound(listUrl);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, meta.Definition.Length);
        await using var cmd = new NpgsqlCommand("SELECT status FROM mcred_status_entry WHERE list_url = $1 AND idx = $2", connection);
        cmd.Parameters.AddWithValue(listUrl);
        cmd.Parameters.AddWithValue(index);
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int value ? value : 0;
    }

    /// <inheritdoc/>
    public async Task<BitstringStatusList> ReadListAsync(string listUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // Repeatable read: the metadata and the bits come from one snapshot.
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var list = await StatusListStoreAlgorithm.ReadListAsync(new Statements(connection, tx), listUrl, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return list;
    }

    /// <summary>Disposes the connection pool when this store created it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Counts the entry rows of a list; with <see cref="StatusListMetadata.AllocatedCount"/> it shows the list is consistent.</summary>
    internal async Task<int> CountEntryRowsAsync(string listUrl, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("SELECT COUNT(*)::int FROM mcred_status_entry WHERE list_url = $1", connection);
        cmd.Parameters.AddWithValue(listUrl);
        return (int)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task<List<int>> TryInsertManyAsync(NpgsqlConnection c, NpgsqlTransaction tx, string listUrl, int[] indices, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("INSERT INTO mcred_status_entry(list_url, idx) SELECT $1, i FROM unnest($2::integer[]) AS t(i) ON CONFLICT DO NOTHING RETURNING idx", c, tx);
        cmd.Parameters.AddWithValue(listUrl);
        cmd.Parameters.AddWithValue(indices);
        var inserted = new List<int>(indices.Length);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            inserted.Add(reader.GetInt32(0));
        }

        return inserted;
    }

    private static async Task<StatusListMetadata?> ReadMetadataAsync(NpgsqlConnection c, NpgsqlTransaction? tx, string listUrl, bool forUpdate, CancellationToken ct)
    {
        var sql = "SELECT purpose, length, status_size, messages, allocated FROM mcred_status_list WHERE url = $1" + (forUpdate ? " FOR UPDATE" : string.Empty);
        await using var cmd = new NpgsqlCommand(sql, c, tx);
        cmd.Parameters.AddWithValue(listUrl);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return null;
        }

        var messages = JsonSerializer.Deserialize(reader.GetString(3), PgMessageJson.Default.PgMessageRowArray) ?? [];
        var definition = new StatusListDefinition(listUrl, reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), messages.Select(m => new StatusMessage(m.Status, m.Message)).ToArray());
        return new StatusListMetadata(definition, reader.GetInt32(4));
    }

    /// <summary>PostgreSQL's half of <see cref="StatusListStoreAlgorithm"/>: its SQL, in the transaction the store opened.</summary>
    private sealed class Statements(NpgsqlConnection c, NpgsqlTransaction tx) : IStatusListStoreTransaction
    {
        public Task<StatusListMetadata?> ReadMetadataAsync(string listUrl, bool forUpdate, CancellationToken cancellationToken) =>
            PostgreSqlStatusListStore.ReadMetadataAsync(c, tx, listUrl, forUpdate, cancellationToken);

        public async Task<IReadOnlyList<int>> TryInsertAsync(string listUrl, IReadOnlyList<int> indices, CancellationToken cancellationToken) =>
            await TryInsertManyAsync(c, tx, listUrl, [.. indices], cancellationToken).ConfigureAwait(false);

        public async Task<IReadOnlyList<int>> ReadAllocatedAsync(string listUrl, CancellationToken cancellationToken)
        {
            var used = new List<int>();
            await using var cmd = new NpgsqlCommand("SELECT idx FROM mcred_status_entry WHERE list_url = $1", c, tx);
            cmd.Parameters.AddWithValue(listUrl);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                used.Add(reader.GetInt32(0));
            }

            return used;
        }

        public async Task AddAllocatedAsync(string listUrl, int count, CancellationToken cancellationToken)
        {
            await using var cmd = new NpgsqlCommand("UPDATE mcred_status_list SET allocated = allocated + $2 WHERE url = $1", c, tx);
            cmd.Parameters.AddWithValue(listUrl);
            cmd.Parameters.AddWithValue(count);
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        public async Task<bool> UpdateStatusAsync(string listUrl, int index, int status, CancellationToken cancellationToken)
        {
            await using var cmd = new NpgsqlCommand("UPDATE mcred_status_entry SET status = $1 WHERE list_url = $2 AND idx = $3", c, tx);
            cmd.Parameters.AddWithValue(status);
            cmd.Parameters.AddWithValue(listUrl);
            cmd.Parameters.AddWithValue(index);
            return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }

        public async Task<IReadOnlyList<(int Index, int Status)>> ReadSetEntriesAsync(string listUrl, CancellationToken cancellationToken)
        {
            var entries = new List<(int, int)>();
            await using var cmd = new NpgsqlCommand("SELECT idx, status FROM mcred_status_entry WHERE list_url = $1 AND status <> 0", c, tx);
            cmd.Parameters.AddWithValue(listUrl);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add((reader.GetInt32(0), reader.GetInt32(1)));
            }

            return entries;
        }
    }
}

internal sealed record PgMessageRow(int Status, string Message);

[System.Text.Json.Serialization.JsonSerializable(typeof(PgMessageRow[]))]
internal sealed partial class PgMessageJson : System.Text.Json.Serialization.JsonSerializerContext;
