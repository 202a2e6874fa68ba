using System.Text.Json.Nodes;
using MicroCredentials.Signing.Issuance;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.PostgreSql;
using MicroCredentials.Signing.Sqlite;
using MicroCredentials.Signing.Status;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.VcApi;

/// <summary>
/// What the endpoints work on, opened once at start-up: the issuer key, the status-list store (SQLite or
/// PostgreSQL), the status list, and the index from issued credential ids to their status entries (so
/// <c>POST /credentials/status</c> can take a <c>credentialId</c>, as the VC API defines it).
/// </summary>
public sealed class VcApiBackend : IAsyncDisposable
{
    private VcApiBackend(IssuerKey key, IStatusListStore store, ICredentialStatusIndex index, StatusListIssuer lists, CredentialIssuer issuer)
    {
        Key = key;
        Store = store;
        Index = index;
        Lists = lists;
        Issuer = issuer;
    }

    /// <summary>The issuer's key (a key file, or a key inside a PKCS#11 token).</summary>
    public IssuerKey Key { get; }

    /// <summary>The status-list store.</summary>
    public IStatusListStore Store { get; }

    /// <summary>Issued credential id → status entry.</summary>
    public ICredentialStatusIndex Index { get; }

    /// <summary>Status-list allocation and publication.</summary>
    public StatusListIssuer Lists { get; }

    /// <summary>The credential issuer.</summary>
    public CredentialIssuer Issuer { get; }

    /// <summary>Opens the key (generating it on first start), the store and the index, and ensures the status list exists.</summary>
    public static async Task<VcApiBackend> OpenAsync(VcApiOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = await IssuerKey.OpenAsync(options).ConfigureAwait(false);
        IStatusListStore store;
        ICredentialStatusIndex index;
        if (string.Equals(options.Store, "PostgreSql", StringComparison.OrdinalIgnoreCase))
        {
            var connectionString = options.PostgreSqlConnectionString
                ?? throw new OptionsValidationException("VcApi", typeof(VcApiOptions), ["VcApi:PostgreSqlConnectionString is required when VcApi:Store is PostgreSql"]);
            store = await PostgreSqlStatusListStore.OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
            index = await PostgreSqlCredentialStatusIndex.OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
        }
        else if (string.Equals(options.Store, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            store = await SqliteStatusListStore.OpenAsync(options.StatusDatabase, cancellationToken).ConfigureAwait(false);
            index = await SqliteCredentialStatusIndex.OpenAsync(options.StatusDatabase, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            throw new OptionsValidationException("VcApi", typeof(VcApiOptions), [$"VcApi:Store must be Sqlite or PostgreSql, not '{options.Store}'"]);
        }

        var lists = new StatusListIssuer(store);
        await lists.EnsureListAsync(new StatusListDefinition(options.StatusListUrl, StatusPurposes.Revocation), cancellationToken).ConfigureAwait(false);
        var issuer = new CredentialIssuer(new CredentialIssuerOptions { StatusLists = lists });
        return new VcApiBackend(key, store, index, lists, issuer);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Key.Dispose();
        await Index.DisposeAsync().ConfigureAwait(false);
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>The issuer's signing key: a Multikey key file, or a key that never leaves a PKCS#11 token.</summary>
public sealed class IssuerKey : IDisposable
{
    private readonly Func<ISigner> _signer;
    private readonly IDisposable _owner;

    private IssuerKey(Func<ISigner> signer, PublicKey publicKey, string verificationMethodId, string controller, IDisposable owner)
    {
        _signer = signer;
        _owner = owner;
        PublicKey = publicKey;
        VerificationMethodId = verificationMethodId;
        Controller = controller;
    }

    /// <summary>The issuer id (the controller of the verification method).</summary>
    public string Controller { get; }

    /// <summary>The verification method the proofs name.</summary>
    public string VerificationMethodId { get; }

    /// <summary>The public key.</summary>
    public PublicKey PublicKey { get; }

    /// <summary>Opens the PKCS#11 key when <c>VcApi:Pkcs11:ModulePath</c> is set, else the key file (generated on first start).</summary>
    public static async Task<IssuerKey> OpenAsync(VcApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Pkcs11.ModulePath is { Length: > 0 } module)
        {
            var hsm = options.Pkcs11;
            if (hsm.TokenLabel is null || hsm.Pin is null || hsm.KeyLabel is null)
            {
                throw new OptionsValidationException("VcApi", typeof(VcApiOptions), ["VcApi:Pkcs11 needs TokenLabel, Pin and KeyLabel with ModulePath"]);
            }

            var signer = Pkcs11.Pkcs11Signer.Open(new Pkcs11.Pkcs11SignerOptions { ModulePath = module, TokenLabel = hsm.TokenLabel, Pin = hsm.Pin, KeyLabel = hsm.KeyLabel });
            return new IssuerKey(() => signer, signer.PublicKey, signer.VerificationMethodId, signer.VerificationMethodId.Split('#')[0], signer);
        }

        KeyFile file;
        if (File.Exists(options.KeyFile))
        {
            file = await KeyFile.LoadAsync(options.KeyFile).ConfigureAwait(false);
        }
        else
        {
            file = KeyFile.Generate(KeyAlgorithm.Ed25519);
            await file.SaveAsync(options.KeyFile).ConfigureAwait(false);
        }

        return new IssuerKey(file.CreateSigner, file.KeyPair.PublicKey, file.Id, file.Controller, file);
    }

    /// <summary>A signer for the key (the same thread-safe signer for a token key).</summary>
    public ISigner CreateSigner() => _signer();

    /// <summary>The public verification method as a Multikey.</summary>
    public JsonObject ToVerificationMethodJson() => new()
    {
        ["id"] = VerificationMethodId,
        ["type"] = Multikey.TypeName,
        ["controller"] = Controller,
        ["publicKeyMultibase"] = PublicKey.ToMultibase(),
    };

    /// <inheritdoc/>
    public void Dispose() => _owner.Dispose();
}

/// <summary>Issued credential id → the status entry it was given, in the same database as the status lists.</summary>
public interface ICredentialStatusIndex : IAsyncDisposable
{
    /// <summary>Records the entry of a newly issued credential.</summary>
    Task AddAsync(string credentialId, JsonObject statusEntry, CancellationToken cancellationToken);

    /// <summary>The entry of <paramref name="credentialId"/>, or null when this service did not issue it with a status.</summary>
    Task<JsonObject?> FindAsync(string credentialId, CancellationToken cancellationToken);

    /// <summary>A round trip to the database, for the readiness check.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}

/// <summary>The index as a table of the SQLite status database.</summary>
public sealed class SqliteCredentialStatusIndex : ICredentialStatusIndex
{
    private readonly string _connectionString;

    private SqliteCredentialStatusIndex(string connectionString) => _connectionString = connectionString;

    /// <summary>Opens the database and creates the table when missing.</summary>
    public static async Task<SqliteCredentialStatusIndex> OpenAsync(string databasePath, CancellationToken cancellationToken)
    {
        var index = new SqliteCredentialStatusIndex(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true, DefaultTimeout = 30 }.ToString());
        await using var connection = await index.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE IF NOT EXISTS vcapi_credential_status (credential_id TEXT PRIMARY KEY, entry TEXT NOT NULL)";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return index;
    }

    /// <inheritdoc/>
    public async Task AddAsync(string credentialId, JsonObject statusEntry, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO vcapi_credential_status (credential_id, entry) VALUES ($id, $entry)";
        command.Parameters.AddWithValue("$id", credentialId);
        command.Parameters.AddWithValue("$entry", statusEntry.ToJsonString());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<JsonObject?> FindAsync(string credentialId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT entry FROM vcapi_credential_status WHERE credential_id = $id";
        command.Parameters.AddWithValue("$id", credentialId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json ? JsonNode.Parse(json)!.AsObject() : null;
    }

    /// <inheritdoc/>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM vcapi_credential_status WHERE 0";
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }
}

/// <summary>The index as a table of the PostgreSQL status database.</summary>
public sealed class PostgreSqlCredentialStatusIndex : ICredentialStatusIndex
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgreSqlCredentialStatusIndex(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Connects and creates the table when missing.</summary>
    public static async Task<PostgreSqlCredentialStatusIndex> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var index = new PostgreSqlCredentialStatusIndex(NpgsqlDataSource.Create(connectionString));
        try
        {
            await using var command = index._dataSource.CreateCommand(
                "CREATE TABLE IF NOT EXISTS vcapi_credential_status (credential_id text PRIMARY KEY, entry jsonb NOT NULL)");
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return index;
        }
        catch
        {
            await index.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public async Task AddAsync(string credentialId, JsonObject statusEntry, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("INSERT INTO vcapi_credential_status (credential_id, entry) VALUES ($1, $2::jsonb)");
        command.Parameters.AddWithValue(credentialId);
        command.Parameters.AddWithValue(statusEntry.ToJsonString());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<JsonObject?> FindAsync(string credentialId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT entry::text FROM vcapi_credential_status WHERE credential_id = $1");
        command.Parameters.AddWithValue(credentialId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json ? JsonNode.Parse(json)!.AsObject() : null;
    }

    /// <inheritdoc/>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}

/// <summary>
/// Opens the backend once, at start-up (a hosted service awaits it, so a bad configuration stops the host before it
/// listens), and disposes it when the host stops.
/// </summary>
public sealed class VcApiBackendProvider(IOptions<VcApiOptions> options) : IHostedService, IAsyncDisposable
{
    private readonly Lazy<Task<VcApiBackend>> _backend = new(() => VcApiBackend.OpenAsync(options.Value, CancellationToken.None));

    /// <summary>The backend (opened on first use).</summary>
    public Task<VcApiBackend> GetAsync() => _backend.Value;

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => GetAsync();

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_backend.IsValueCreated && _backend.Value.IsCompletedSuccessfully)
        {
            await (await _backend.Value.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
    }
}
