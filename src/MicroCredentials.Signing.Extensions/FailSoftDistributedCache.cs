using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace MicroCredentials.Signing.Extensions;

/// <summary>
/// A distributed cache that never fails its caller: when the inner cache (Redis) throws or times out, the
/// operation is a miss (reads) or a no-op (writes), a warning is logged once, and the inner cache is bypassed for
/// <c>retryAfter</c> before it is tried again. The status-list cache then runs on its in-process level and fetches;
/// a verdict never depends on Redis being up.
/// </summary>
internal sealed class FailSoftDistributedCache(IDistributedCache inner, ILogger logger, TimeProvider time, TimeSpan retryAfter) : IDistributedCache
{
    private long _downUntilTicks;
    private int _down;

    /// <summary>True while the inner cache is bypassed.</summary>
    public bool IsBypassed => Volatile.Read(ref _down) == 1 && time.GetUtcNow().UtcTicks < Interlocked.Read(ref _downUntilTicks);

    public byte[]? Get(string key) => Guard("get", () => inner.Get(key), null);

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default) =>
        await GuardAsync("get", async () => await inner.GetAsync(key, token).ConfigureAwait(false), null).ConfigureAwait(false);

    public void Refresh(string key) => Guard("refresh", () => { inner.Refresh(key); return true; }, false);

    public Task RefreshAsync(string key, CancellationToken token = default) =>
        GuardAsync("refresh", async () => { await inner.RefreshAsync(key, token).ConfigureAwait(false); return true; }, false);

    public void Remove(string key) => Guard("remove", () => { inner.Remove(key); return true; }, false);

    public Task RemoveAsync(string key, CancellationToken token = default) =>
        GuardAsync("remove", async () => { await inner.RemoveAsync(key, token).ConfigureAwait(false); return true; }, false);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Guard("set", () => { inner.Set(key, value, options); return true; }, false);

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        GuardAsync("set", async () => { await inner.SetAsync(key, value, options, token).ConfigureAwait(false); return true; }, false);

    private T Guard<T>(string operation, Func<T> action, T fallback)
    {
        if (IsBypassed)
        {
            return fallback;
        }

        try
        {
            var result = action();
            Up();
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Down(operation, ex);
            return fallback;
        }
    }

    private async Task<T> GuardAsync<T>(string operation, Func<Task<T>> action, T fallback)
    {
        if (IsBypassed)
        {
            return fallback;
        }

        try
        {
            var result = await action().ConfigureAwait(false);
            Up();
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Down(operation, ex);
            return fallback;
        }
    }

    private void Down(string operation, Exception ex)
    {
        Interlocked.Exchange(ref _downUntilTicks, (time.GetUtcNow() + retryAfter).UtcTicks);
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            Log.DistributedDown(logger, operation, ex.GetType().Name, ex.Message, retryAfter);
        }
    }

    private void Up()
    {
        if (Interlocked.Exchange(ref _down, 0) == 1)
        {
            Log.DistributedRestored(logger);
        }
    }
}
