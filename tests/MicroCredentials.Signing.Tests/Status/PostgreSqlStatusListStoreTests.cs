using MicroCredentials.Signing.PostgreSql;
using MicroCredentials.Signing.Status;
using Npgsql;
using Xunit;

namespace MicroCredentials.Signing.Tests.Status;

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlStatusListStoreTests(PostgreSqlFixture pg) : StatusListStoreContract, IAsyncLifetime
{
    private PostgreSqlStatusListStore? _store;

    public async Task InitializeAsync() => _store = await PostgreSqlStatusListStore.OpenAsync(pg.ConnectionString);

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    protected override Task<IStatusListStore> StoreAsync() => Task.FromResult<IStatusListStore>(_store!);

    [Fact]
    public async Task An_exception_inside_the_allocation_transaction_rolls_it_back()
    {
        var def = new StatusListDefinition(NewListUrl(), StatusPurposes.Revocation);
        await _store!.CreateListAsync(def);
        var good = await _store.AllocateIndexAsync(def.ListUrl);
        _store.FaultPoint = (_, _) => throw new InvalidOperationException("simulated crash between insert and counter update");
        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.AllocateIndexAsync(def.ListUrl));
        _store.FaultPoint = null;

        Assert.Equal(1, (await _store.GetListAsync(def.ListUrl))!.AllocatedCount);
        Assert.Equal(1, await _store.CountEntryRowsAsync(def.ListUrl));
        Assert.NotEqual(good, await _store.AllocateIndexAsync(def.ListUrl));
        Assert.Equal(2, await _store.CountEntryRowsAsync(def.ListUrl));
    }

    [Fact]
    public async Task A_client_killed_mid_transaction_is_rolled_back_by_the_server()
    {
        var def = new StatusListDefinition(NewListUrl(), StatusPurposes.Revocation);
        await _store!.CreateListAsync(def);
        await _store.AllocateIndexAsync(def.ListUrl);
        // Inside the allocation: the server terminates this backend, as it does when a client process dies.
        _store.FaultPoint = async (connection, ct) =>
        {
            await using var killer = new NpgsqlConnection(pg.ConnectionString);
            await killer.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("SELECT pg_terminate_backend($1)", killer);
            cmd.Parameters.AddWithValue(connection.ProcessID);
            await cmd.ExecuteScalarAsync(ct);
        };
        await Assert.ThrowsAnyAsync<Exception>(() => _store.AllocateIndexAsync(def.ListUrl));
        _store.FaultPoint = null;
        NpgsqlConnection.ClearAllPools();

        Assert.Equal(1, (await _store.GetListAsync(def.ListUrl))!.AllocatedCount);
        Assert.Equal(1, await _store.CountEntryRowsAsync(def.ListUrl));
        await _store.AllocateIndexAsync(def.ListUrl);
        Assert.Equal(2, (await _store.GetListAsync(def.ListUrl))!.AllocatedCount);
    }
}
