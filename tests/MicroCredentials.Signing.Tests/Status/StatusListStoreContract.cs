using MicroCredentials.Signing.Status;
using Xunit;

namespace MicroCredentials.Signing.Tests.Status;

/// <summary>The behaviour every <see cref="IStatusListStore"/> must have; each store runs it against a real instance.</summary>
public abstract class StatusListStoreContract
{
    protected abstract Task<IStatusListStore> StoreAsync();

    protected static string NewListUrl() => "https://issuer.example/status/" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Create_then_get_returns_the_definition_and_a_duplicate_is_refused()
    {
        var store = await StoreAsync();
        var def = new StatusListDefinition(NewListUrl(), StatusPurposes.Suspension, BitstringStatusList.MinimumEntries * 2);
        await store.CreateListAsync(def);
        var meta = await store.GetListAsync(def.ListUrl);
        Assert.NotNull(meta);
        Assert.Equal(def.ListUrl, meta.Definition.ListUrl);
        Assert.Equal(StatusPurposes.Suspension, meta.Definition.Purpose);
        Assert.Equal(def.Length, meta.Definition.Length);
        Assert.Equal(0, meta.AllocatedCount);
        var ex = await Assert.ThrowsAsync<StatusListException>(() => store.CreateListAsync(def));
        Assert.Equal(StatusErrorCodes.ListExists, ex.Code);
        Assert.Null(await store.GetListAsync(NewListUrl()));
    }

    [Fact]
    public async Task Message_lists_keep_their_status_size_and_messages()
    {
        var store = await StoreAsync();
        var messages = new[] { new StatusMessage(0, "pending"), new StatusMessage(1, "accepted"), new StatusMessage(2, "rejected"), new StatusMessage(3, "withdrawn") };
        var def = new StatusListDefinition(NewListUrl(), StatusPurposes.Message, statusSize: 2, messages: messages);
        await store.CreateListAsync(def);
        var meta = (await store.GetListAsync(def.ListUrl))!;
        Assert.Equal(2, meta.Definition.StatusSize);
        Assert.Equal(messages, meta.Definition.Messages);
        var index = await store.AllocateIndexAsync(def.ListUrl);
        await store.SetStatusAsync(def.ListUrl, index, 2);
        Assert.Equal(2, await store.GetStatusAsync(def.ListUrl, index));
        var list = await store.ReadListAsync(def.ListUrl);
        Assert.Equal(2, list.StatusSize);
        Assert.Equal(2, list.GetStatus(index));
    }

    [Fact]
    public async Task Allocations_are_distinct_random_and_counted()
    {
        var store = await StoreAsync();
        var def = new StatusListDefinition(NewListUrl(), StatusPurposes.Revocation);
        await store.CreateListAsync(def);
        var indices = new List<int>();
        for (var i = 0; i < 200; i++)
        {
            indices.Add(await store.AllocateIndexAsync(def.ListUrl));
        }

        Assert.Equal(200, indices.Distinct().Count());
        Assert.All(indices, i => Assert.InRange(i, 0, def.Length - 1));
        // Positions must not reveal issuance order: not sequential, and spread over the whole list.
        Assert.NotEqual(indices.Order(), indices);
        Assert.True(indices.Max() - indices.Min() > def.Length / 2, "indices should be spread across the list");
        Assert.Equal(200, (await store.GetListAsync(def.ListUrl))!.AllocatedCount);
    }

    [Fact]
    public async Task Eight_parallel_issuers_allocating_ten_thousand_get_ten_thousand_distinct_indices()
    {
        var store = await StoreAsync();
        var def = new StatusListDefinition(NewListUrl(), StatusPurposes.Revocation);
        await store.CreateListAsync(def);
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var mine = new List<int>(1250);
            for (var i = 0; i < 1250; i++)
            {
                mine.Add(await store.AllocateIndexAsync(def.ListUrl));
            }

            return mine;
        }));
        var all = (await Task.WhenAll(workers)).SelectMany(x => x).ToArray();
        Assert.Equal(10_000, all.Length);
        Assert.Equal(10_000, all.Distinct().Count());
        Assert.Equal(10_000, (await store.GetListAsync(def.ListUrl))!.AllocatedCount);
    }

    [Fact]
    public async Task Set_get_read_and_clear_status()
    {
        var store = await StoreAsync();
        var def = new StatusListDefinition(NewListUrl(), StatusPurposes.Suspension);
        await store.CreateListAsync(def);
        var a = await store.AllocateIndexAsync(def.ListUrl);
        var b = await store.AllocateIndexAsync(def.ListUrl);
        await store.SetStatusAsync(def.ListUrl, a, 1);
        Assert.Equal(1, await store.GetStatusAsync(def.ListUrl, a));
        Assert.Equal(0, await store.GetStatusAsync(def.ListUrl, b));
        Assert.Equal([a], (await store.ReadListAsync(def.ListUrl)).NonZeroIndices());
        await store.SetStatusAsync(def.ListUrl, b, 1);
        await store.SetStatusAsync(def.ListUrl, a, 0);
        var list = await store.ReadListAsync(def.ListUrl);
        Assert.Equal([b], list.NonZeroIndices());
        Assert.Equal(def.Length, list.Length);
    }

    [Fact]
    public async Task Errors_carry_codes_for_unknown_lists_and_unallocated_indices()
    {
        var store = await StoreAsync();
        var def = new StatusListDefinition(NewListUrl(), StatusPurposes.Revocation);
        await store.CreateListAsync(def);
        var a = await store.AllocateIndexAsync(def.ListUrl);
        var unallocated = a == 0 ? 1 : a - 1;
        var ex = await Assert.ThrowsAsync<StatusListException>(() => store.SetStatusAsync(def.ListUrl, unallocated, 1));
        Assert.Equal(StatusErrorCodes.IndexNotAllocated, ex.Code);
        ex = await Assert.ThrowsAsync<StatusListException>(() => store.AllocateIndexAsync(NewListUrl()));
        Assert.Equal(StatusErrorCodes.ListNotFound, ex.Code);
        ex = await Assert.ThrowsAsync<StatusListException>(() => store.ReadListAsync(NewListUrl()));
        Assert.Equal(StatusErrorCodes.ListNotFound, ex.Code);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.SetStatusAsync(def.ListUrl, a, 2));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.SetStatusAsync(def.ListUrl, def.Length, 1));
    }
}

public sealed class InMemoryStatusListStoreTests : StatusListStoreContract
{
    protected override Task<IStatusListStore> StoreAsync() => Task.FromResult<IStatusListStore>(new InMemoryStatusListStore());

    [Fact]
    public async Task A_list_can_be_filled_to_the_last_index_and_then_reports_full()
    {
        var store = new InMemoryStatusListStore();
        var def = new StatusListDefinition(NewListUrl(), StatusPurposes.Revocation);
        await store.CreateListAsync(def);
        var seen = new System.Collections.BitArray(def.Length);
        for (var i = 0; i < def.Length; i++)
        {
            var index = await store.AllocateIndexAsync(def.ListUrl);
            Assert.False(seen[index]);
            seen[index] = true;
        }

        var ex = await Assert.ThrowsAsync<StatusListException>(() => store.AllocateIndexAsync(def.ListUrl));
        Assert.Equal(StatusErrorCodes.ListFull, ex.Code);
    }
}
