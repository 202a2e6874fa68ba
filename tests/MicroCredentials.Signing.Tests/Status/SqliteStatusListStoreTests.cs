using MicroCredentials.Signing.Sqlite;
using MicroCredentials.Signing.Status;
using Xunit;

namespace MicroCredentials.Signing.Tests.Status;

public sealed class SqliteStatusListStoreTests : StatusListStoreContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mcred-sqlite-").FullName;

    private string DbPath => Path.Combine(_dir, "status.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    // The contract runs with synchronous=NORMAL: locking and atomicity are the same, and 10,000 fsyncs
    // would take a minute on this machine. Durable (FULL) is the default, checked below.
    protected override async Task<IStatusListStore> StoreAsync() => await SqliteStatusListStore.OpenAsync(DbPath, new SqliteStatusListStoreOptions { Durable = false });

    [Fact]
    public async Task Durable_full_sync_is_the_default()
    {
        var store = await SqliteStatusListStore.OpenAsync(DbPath);
        var def = new StatusListDefinition(NewListUrl(), StatusPurposes.Revocation);
        await store.CreateListAsync(def);
        Assert.Equal(1, (await store.GetListAsync(def.ListUrl))!.Definition.StatusSize);
        Assert.Equal(2L, await store.PragmaAsync("synchronous"));
        var fast = await SqliteStatusListStore.OpenAsync(DbPath, new SqliteStatusListStoreOptions { Durable = false });
        Assert.Equal(1L, await fast.PragmaAsync("synchronous"));
    }

    [Fact]
    public async Task The_database_is_in_wal_mode_and_survives_reopening()
    {
        var store = await SqliteStatusListStore.OpenAsync(DbPath);
        var def = new StatusListDefinition(NewListUrl(), StatusPurposes.Revocation);
        await store.CreateListAsync(def);
        var index = await store.AllocateIndexAsync(def.ListUrl);
        await store.SetStatusAsync(def.ListUrl, index, 1);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var reopened = await SqliteStatusListStore.OpenAsync(DbPath);
        Assert.Equal(1, await reopened.GetStatusAsync(def.ListUrl, index));
        await using var c = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + DbPath);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task An_exception_inside_the_allocation_transaction_rolls_it_back()
    {
        var store = await SqliteStatusListStore.OpenAsync(DbPath);
        var def = new StatusListDefinition(NewListUrl(), StatusPurposes.Revocation);
        await store.CreateListAsync(def);
        var good = await store.AllocateIndexAsync(def.ListUrl);
        store.FaultPoint = _ => throw new InvalidOperationException("simulated crash between insert and counter update");
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AllocateIndexAsync(def.ListUrl));
        store.FaultPoint = null;

        var meta = (await store.GetListAsync(def.ListUrl))!;
        Assert.Equal(1, meta.AllocatedCount);
        Assert.Equal(1, await store.CountEntryRowsAsync(def.ListUrl));
        var next = await store.AllocateIndexAsync(def.ListUrl);
        Assert.NotEqual(good, next);
        Assert.Equal(2, await store.CountEntryRowsAsync(def.ListUrl));
    }

    [Fact]
    public async Task A_process_killed_while_allocating_leaves_the_list_consistent()
    {
        var store = await SqliteStatusListStore.OpenAsync(DbPath);
        var def = new StatusListDefinition(NewListUrl(), StatusPurposes.Revocation);
        await store.CreateListAsync(def);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var printed = await ChildProcess.AllocateThenKillAsync(DbPath, def.ListUrl, killAfter: 50);

        Assert.True(printed.Count >= 50);
        // What the child printed is what it committed before printing; the kill may also have cut one
        // transaction after its commit and before its line.
        var meta = (await store.GetListAsync(def.ListUrl))!;
        var rows = await store.CountEntryRowsAsync(def.ListUrl);
        Assert.Equal(meta.AllocatedCount, rows);
        Assert.InRange(meta.AllocatedCount, printed.Count, printed.Count + 1);
        foreach (var i in printed)
        {
            // Every index the child reported as allocated is committed: it is refused as a fresh allocation.
            await store.SetStatusAsync(def.ListUrl, i, 0);
        }

        var after = await store.AllocateIndexAsync(def.ListUrl);
        Assert.DoesNotContain(after, printed);
    }
}
