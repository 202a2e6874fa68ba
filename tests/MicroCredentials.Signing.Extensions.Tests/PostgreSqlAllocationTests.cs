using System.Collections.Concurrent;
using System.Diagnostics;
using MicroCredentials.Signing.PostgreSql;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Tests.Status;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace MicroCredentials.Signing.Extensions.Tests;

/// <summary>
/// Several issuer instances (each its own <see cref="PostgreSqlStatusListStore"/> and connection pool, as separate
/// processes would have) allocating status indices of the same lists at once, on a real PostgreSQL server.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlAllocationTests(PostgreSqlFixture pg, ITestOutputHelper output)
{
    private const int Allocators = 8;

    private async Task<PostgreSqlStatusListStore[]> StoresAsync()
    {
        var stores = new PostgreSqlStatusListStore[Allocators];
        for (var i = 0; i < Allocators; i++)
        {
            stores[i] = await PostgreSqlStatusListStore.OpenAsync(pg.ConnectionString + $";Application Name=issuer-{i}");
        }

        return stores;
    }

    private static async Task<string[]> CreateListsAsync(IStatusListStore store, string prefix, int count)
    {
        var urls = Enumerable.Range(0, count).Select(i => $"https://{prefix}.example/status/{i}").ToArray();
        foreach (var url in urls)
        {
            await store.CreateListAsync(new StatusListDefinition(url, StatusPurposes.Revocation, 131_072));
        }

        return urls;
    }

    [Fact]
    public async Task EightConcurrentAllocatorsMakeOneHundredThousandAllocationsWithoutACollisionOrALoss()
    {
        var stores = await StoresAsync();
        try
        {
            var lists = await CreateListsAsync(stores[0], "concurrent-" + Guid.NewGuid().ToString("N")[..8], 2);
            const int Total = 100_000;
            const int Batch = 500;
            const int SinglesPerAllocator = 50;
            var results = new ConcurrentBag<(string List, int Index)>();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Allocators).Select(a => Task.Run(async () =>
            {
                var store = stores[a];
                for (var n = 0; n < Total / Allocators / Batch; n++)
                {
                    // Every allocator alternates between the lists, so each list row is contended by all of them.
                    var list = lists[(a + n) % lists.Length];
                    foreach (var index in await store.AllocateIndicesAsync(list, Batch))
                    {
                        results.Add((list, index));
                    }
                }

                for (var n = 0; n < SinglesPerAllocator; n++)
                {
                    var list = lists[n % lists.Length];
                    results.Add((list, await store.AllocateIndexAsync(list)));
                }
            })));
            clock.Stop();
            var expected = Total + (Allocators * SinglesPerAllocator);
            output.WriteLine($"{expected} allocations by {Allocators} concurrent allocators over {lists.Length} lists in {clock.Elapsed.TotalSeconds:0.00} s ({expected / clock.Elapsed.TotalSeconds:0} /s)");

            // Never collide: every handed-out (list, index) is distinct.
            Assert.Equal(expected, results.Count);
            Assert.Equal(expected, results.Distinct().Count());

            // Never lose: the store holds exactly the handed-out indices, and its counters agree.
            var stored = new HashSet<(string, int)>();
            foreach (var list in lists)
            {
                var meta = await stores[3].GetListAsync(list);
                var entries = await stores[5].ReadEntriesAsync(list);
                Assert.Equal(entries.Count, meta!.AllocatedCount);
                Assert.Equal(entries.Count, await stores[0].CountEntryRowsAsync(list));
                foreach (var (index, status) in entries)
                {
                    Assert.Equal(0, status);
                    stored.Add((list, index));
                }
            }

            Assert.True(stored.SetEquals(results), "the store holds exactly the allocated indices");
        }
        finally
        {
            foreach (var s in stores)
            {
                await s.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AConnectionKilledMidTransactionLosesNothingAndLeaksNothing()
    {
        var stores = await StoresAsync();
        await using var admin = NpgsqlDataSource.Create(pg.ConnectionString);
        try
        {
            var lists = await CreateListsAsync(stores[0], "killed-" + Guid.NewGuid().ToString("N")[..8], 2);
            var committed = new ConcurrentBag<(string List, int Index)>();
            var killed = 0;
            var transactions = 0;

            // Every 7th allocation transaction of every issuer has its backend terminated after its inserts, before its commit.
            foreach (var store in stores)
            {
                store.FaultPoint = async (connection, ct) =>
                {
                    if (Interlocked.Increment(ref transactions) % 7 == 0)
                    {
                        Interlocked.Increment(ref killed);
                        await using var kill = admin.CreateCommand("SELECT pg_terminate_backend($1)");
                        kill.Parameters.AddWithValue(connection.ProcessID);
                        await kill.ExecuteScalarAsync(ct);
                    }
                };
            }

            var failures = 0;
            await Task.WhenAll(Enumerable.Range(0, Allocators).Select(a => Task.Run(async () =>
            {
                for (var n = 0; n < 30; n++)
                {
                    var list = lists[(a + n) % lists.Length];
                    try
                    {
                        if (n % 3 == 0)
                        {
                            committed.Add((list, await stores[a].AllocateIndexAsync(list)));
                        }
                        else
                        {
                            foreach (var index in await stores[a].AllocateIndicesAsync(list, 40))
                            {
                                committed.Add((list, index));
                            }
                        }
                    }
                    catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException)
                    {
                        // The issuer sees the failure; nothing it was not told about is allocated.
                        Interlocked.Increment(ref failures);
                    }
                }
            })));
            output.WriteLine($"{transactions} allocation transactions, {killed} backends terminated, {failures} failures seen, {committed.Count} indices committed");
            Assert.True(killed >= 20, $"only {killed} connections were killed");
            Assert.Equal(killed, failures);
            Assert.Equal(committed.Count, committed.Distinct().Count());

            // The server rolled every killed transaction back: the store holds exactly what was reported committed.
            foreach (var store in stores)
            {
                store.FaultPoint = null;
            }

            var stored = new HashSet<(string, int)>();
            foreach (var list in lists)
            {
                var entries = await stores[1].ReadEntriesAsync(list);
                Assert.Equal(entries.Count, (await stores[2].GetListAsync(list))!.AllocatedCount);
                stored.UnionWith(entries.Select(e => (list, e.Index)));
            }

            Assert.True(stored.SetEquals(committed), $"store {stored.Count} vs committed {committed.Count}");

            // The pools recover: every issuer allocates again after its connections were killed.
            foreach (var store in stores)
            {
                var index = await store.AllocateIndexAsync(lists[0]);
                Assert.InRange(index, 0, 131_071);
            }
        }
        finally
        {
            foreach (var s in stores)
            {
                await s.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ABatchLargerThanTheFreeIndicesIsRefusedWhole()
    {
        await using var store = await PostgreSqlStatusListStore.OpenAsync(pg.ConnectionString);
        var url = $"https://full-{Guid.NewGuid():N}.example/status/0";
        await store.CreateListAsync(new StatusListDefinition(url, StatusPurposes.Revocation, 131_072));
        var first = await store.AllocateIndicesAsync(url, 131_000);
        Assert.Equal(131_000, first.Distinct().Count());
        var error = await Assert.ThrowsAsync<StatusListException>(() => store.AllocateIndicesAsync(url, 73));
        Assert.Equal(StatusErrorCodes.ListFull, error.Code);

        // Exactly the rest fits, through the nearly-full path.
        var rest = await store.AllocateIndicesAsync(url, 72);
        Assert.Equal(131_072, first.Concat(rest).Distinct().Count());
        Assert.Equal(131_072, (await store.GetListAsync(url))!.AllocatedCount);
    }
}
