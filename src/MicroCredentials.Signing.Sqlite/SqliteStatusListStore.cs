using System.Data.Common;
using System.Text.Json;
using MicroCredentials.Signing.Status;
using Microsoft.Data.Sqlite;

namespace MicroCredentials.Signing.Sqlite;

/// <summary>
/// The embedded default <see cref="IStatusListStore"/>: one SQLite file in WAL mode. Every change runs in a
/// <c>BEGIN IMMEDIATE</c> transaction, so concurrent issuers (threads or processes) serialise on the write
/// lock and a crash mid-update rolls back. By default <c>synchronous=FULL</c> keeps a committed allocation
/// through a power loss, so an index handed to a signed credential is never handed out again
/// (see <see cref="SqliteStatusListStoreOptions.Durable"/>).
/// </summary>
public sealed class SqliteStatusListStore : IStatusListStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS status_list(
            url TEXT NOT NULL PRIMARY KEY,
            purpose TEXT NOT NULL,
            length INTEGER NOT NULL,
            status_size INTEGER NOT NULL,
            messages TEXT NOT NULL,
            allocated INTEGER NOT NULL DEFAULT 0,
            CHECK (allocated >= 0 AND allocated <= length));
        CREATE TABLE IF NOT EXISTS status_entry(
            list_url TEXT NOT NULL REFERENCES status_list(url),
            idx INTEGER NOT NULL,
            status INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (list_url, idx)) WITHOUT ROWID;
        """;

    private readonly string _connectionString;
    private readonly string _pragmas;

    private SqliteStatusListStore(string databasePath, SqliteStatusListStoreOptions options)
    {
        DatabasePath = databasePath;
        _pragmas = $"PRAGMA synchronous={(options.Durable ? "FULL" : "NORMAL")}; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=60000;";
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 60,
            Pooling = true,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Test seam: awaited inside the allocation transaction, after the insert and before the counter update.</summary>
    internal Func<CancellationToken, Task>? FaultPoint { get; set; }

    /// <summary>Opens (creating when missing) the store at <paramref name="databasePath"/> and its schema.</summary>
    public static async Task<SqliteStatusListStore> OpenAsync(string databasePath, CancellationToken cancellationToken = default) =>
        await OpenAsync(databasePath, new SqliteStatusListStoreOptions(), cancellationToken).ConfigureAwait(false);

    /// <summary>Opens (creating when missing) the store at <paramref name="databasePath"/> with <paramref name="options"/>.</summary>
    public static async Task<SqliteStatusListStore> OpenAsync(string databasePath, SqliteStatusListStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var full = Path.GetFullPath(databasePath);
        var dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        var store = new SqliteStatusListStore(full, options);
        await using var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        await ExecAsync(connection, Schema, cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <inheritdoc/>
    public async Task CreateListAsync(StatusListDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        await InTransactionAsync(async (c, ct) =>
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "INSERT INTO status_list(url, purpose, length, status_size, messages) VALUES ($u, $p, $l, $s, $m) ON CONFLICT(url) DO NOTHING";
            cmd.Parameters.AddWithValue("$u", definition.ListUrl);
            cmd.Parameters.AddWithValue("$p", definition.Purpose);
            cmd.Parameters.AddWithValue("$l", definition.Length);
            cmd.Parameters.AddWithValue("$s", definition.StatusSize);
            cmd.Parameters.AddWithValue("$m", JsonSerializer.Serialize(definition.Messages.Select(m => new MessageRow(m.Status, m.Message)).ToArray(), MessageJson.Default.MessageRowArray));
            if (await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
            {
                throw new StatusListException(StatusErrorCodes.ListExists, $"a status list '{definition.ListUrl}' already exists");
            }

            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<StatusListMetadata?> GetListAsync(string listUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadMetadataAsync(connection, listUrl, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<int> AllocateIndexAsync(string listUrl, CancellationToken cancellationToken = default) =>
        (await AllocateIndicesAsync(listUrl, 1, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Allocates <paramref name="count"/> distinct free indices of one list at random in one transaction (for bulk
    /// issuance): all or none. Throws <see cref="StatusListException"/> with <see cref="StatusErrorCodes.ListNotFound"/>
    /// or <see cref="StatusErrorCodes.ListFull"/> when fewer than <paramref name="count"/> are free.
    /// </summary>
    public Task<int[]> AllocateIndicesAsync(string listUrl, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        return InTransactionAsync((c, ct) => StatusListStoreAlgorithm.AllocateAsync(new Statements(c), listUrl, count, FaultPoint, ct), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task SetStatusAsync(string listUrl, int index, int status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        await InTransactionAsync(async (c, ct) =>
        {
            await StatusListStoreAlgorithm.SetStatusAsync(new Statements(c), listUrl, index, status, ct).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<int> GetStatusAsync(string listUrl, int index, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var meta = await ReadMetadataAsync(connection, listUrl, cancellationToken).ConfigureAwait(false)
            ?? throw StatusListStoreAlgorithm.NotFound(listUrl);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, meta.Definition.Length);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT status FROM status_entry WHERE list_url = $u AND idx = $i";
        cmd.Parameters.AddWithValue("$u", listUrl);
        cmd.Parameters.AddWithValue("$i", index);
        var value = await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? 0 : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public Task<BitstringStatusList> ReadListAsync(string listUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        // A deferred (read) transaction: the metadata and the bits come from one WAL snapshot.
        return InTransactionAsync((c, ct) => StatusListStoreAlgorithm.ReadListAsync(new Statements(c), listUrl, ct), cancellationToken, "BEGIN DEFERRED;");
    }

    /// <summary>Counts the entry rows of a list; with <see cref="StatusListMetadata.AllocatedCount"/> it shows the list is consistent.</summary>
    internal async Task<int> CountEntryRowsAsync(string listUrl, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM status_entry WHERE list_url = $u";
        cmd.Parameters.AddWithValue("$u", listUrl);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Reads a pragma on a fresh connection of this store (tests check the durability setting).</summary>
    internal async Task<object?> PragmaAsync(string name)
    {
        await using var connection = await OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA " + name + ";";
        return await cmd.ExecuteScalarAsync().ConfigureAwait(false);
    }

    private static async Task<StatusListMetadata?> ReadMetadataAsync(SqliteConnection c, string listUrl, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT purpose, length, status_size, messages, allocated FROM status_list WHERE url = $u";
        cmd.Parameters.AddWithValue("$u", listUrl);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return null;
        }

        var messages = JsonSerializer.Deserialize(reader.GetString(3), MessageJson.Default.MessageRowArray) ?? [];
        var definition = new StatusListDefinition(listUrl, reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), messages.Select(m => new StatusMessage(m.Status, m.Message)).ToArray());
        return new StatusListMetadata(definition, reader.GetInt32(4));
    }

    private static async Task ExecAsync(SqliteConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await ExecAsync(connection, _pragmas, ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<T> InTransactionAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> body, CancellationToken ct, string begin = "BEGIN IMMEDIATE;")
    {
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        // BEGIN IMMEDIATE takes the write lock up front, so two writers never both read the same state and
        // then race to upgrade (which SQLite would answer with SQLITE_BUSY instead of waiting).
        await ExecAsync(connection, begin, ct).ConfigureAwait(false);
        try
        {
            var result = await body(connection, ct).ConfigureAwait(false);
            await ExecAsync(connection, "COMMIT;", CancellationToken.None).ConfigureAwait(false);
            return result;
        }
        catch
        {
            try
            {
                await ExecAsync(connection, "ROLLBACK;", CancellationToken.None).ConfigureAwait(false);
            }
            catch (DbException)
            {
                // The connection is closed below; SQLite rolls back an open transaction on close anyway.
            }

            throw;
        }
    }

    /// <summary>SQLite's half of <see cref="StatusListStoreAlgorithm"/>: its SQL, in the transaction the store opened.</summary>
    private sealed class Statements(SqliteConnection c) : IStatusListStoreTransaction
    {
        public Task<StatusListMetadata?> ReadMetadataAsync(string listUrl, bool forUpdate, CancellationToken cancellationToken) =>
            SqliteStatusListStore.ReadMetadataAsync(c, listUrl, cancellationToken); // BEGIN IMMEDIATE already holds the write lock

        public async Task<IReadOnlyList<int>> TryInsertAsync(string listUrl, IReadOnlyList<int> indices, CancellationToken cancellationToken)
        {
            var inserted = new List<int>(indices.Count);
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "INSERT INTO status_entry(list_url, idx) VALUES ($u, $i) ON CONFLICT DO NOTHING";
            cmd.Parameters.AddWithValue("$u", listUrl);
            var index = cmd.Parameters.Add("$i", SqliteType.Integer);
            foreach (var i in indices)
            {
                index.Value = i;
                if (await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                {
                    inserted.Add(i);
                }
            }

            return inserted;
        }

        public async Task<IReadOnlyList<int>> ReadAllocatedAsync(string listUrl, CancellationToken cancellationToken)
        {
            var used = new List<int>();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT idx FROM status_entry WHERE list_url = $u";
            cmd.Parameters.AddWithValue("$u", listUrl);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                used.Add(reader.GetInt32(0));
            }

            return used;
        }

        public async Task AddAllocatedAsync(string listUrl, int count, CancellationToken cancellationToken)
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE status_list SET allocated = allocated + $n WHERE url = $u";
            cmd.Parameters.AddWithValue("$n", count);
            cmd.Parameters.AddWithValue("$u", listUrl);
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        public async Task<bool> UpdateStatusAsync(string listUrl, int index, int status, CancellationToken cancellationToken)
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE status_entry SET status = $s WHERE list_url = $u AND idx = $i";
            cmd.Parameters.AddWithValue("$s", status);
            cmd.Parameters.AddWithValue("$u", listUrl);
            cmd.Parameters.AddWithValue("$i", index);
            return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }

        public async Task<IReadOnlyList<(int Index, int Status)>> ReadSetEntriesAsync(string listUrl, CancellationToken cancellationToken)
        {
            var entries = new List<(int, int)>();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT idx, status FROM status_entry WHERE list_url = $u AND status <> 0";
            cmd.Parameters.AddWithValue("$u", listUrl);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add((reader.GetInt32(0), reader.GetInt32(1)));
            }

            return entries;
        }
    }
}

/// <summary>Options of <see cref="SqliteStatusListStore"/>.</summary>
public sealed record SqliteStatusListStoreOptions
{
    /// <summary>
    /// True (the default): <c>synchronous=FULL</c>, every commit reaches the disk before it returns, so an index
    /// survives a power loss once handed out. False: <c>synchronous=NORMAL</c>, many times faster and still
    /// consistent after a crash, but the last commits before a power loss may be lost (and their indices reissued).
    /// </summary>
    public bool Durable { get; init; } = true;
}

internal sealed record MessageRow(int Status, string Message);

[System.Text.Json.Serialization.JsonSerializable(typeof(MessageRow[]))]
internal sealed partial class MessageJson : System.Text.Json.Serialization.JsonSerializerContext;
