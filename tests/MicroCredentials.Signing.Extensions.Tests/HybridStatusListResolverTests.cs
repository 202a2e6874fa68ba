using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Status;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MicroCredentials.Signing.Extensions.Tests;

/// <summary>Lifetimes and sharing rules of the HybridCache status-list cache (in-process level only; the Redis level has its own tests).</summary>
public sealed class HybridStatusListResolverTests : IDisposable
{
    private const string Url = "https://issuer.example/status/7";
    private readonly KeyFile _key = KeyFile.Generate(KeyAlgorithm.Ed25519);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services;

    public HybridStatusListResolverTests()
    {
        var services = new ServiceCollection();
        services.AddHybridCache();
        _services = services.BuildServiceProvider();
    }

    public void Dispose()
    {
        _services.Dispose();
        _key.Dispose();
    }

    private async Task<JsonObject> ListAsync(TimeSpan? ttl = null, DateTimeOffset? validUntil = null, bool sign = true, int revoked = -1)
    {
        var bits = new BitstringStatusList();
        if (revoked >= 0)
        {
            bits.SetStatus(revoked, 1);
        }

        var list = StatusListCredentials.CreateCredential(Url, StatusPurposes.Revocation, bits, new StatusListCredentialOptions
        {
            Issuer = _key.Controller,
            ValidFrom = _time.GetUtcNow().AddMinutes(-1),
            ValidUntil = validUntil,
            TimeToLive = ttl,
        });
        return sign ? await DataIntegrityProofs.SignAsync(list, _key.CreateSigner(), Cryptosuite.EddsaRdfc2022, new ProofOptions { TimeProvider = _time }) : list;
    }

    private HybridStatusListResolver Resolver(Counting inner) => new(
        inner,
        _services.GetRequiredService<HybridCache>(),
        MicroCredentialsServiceCollectionExtensions.ProofVerifier(DidKeyResolver.Instance, _time, TimeSpan.FromMinutes(5)),
        new StatusListCacheSettings { KeyPrefix = "t-" + Guid.NewGuid().ToString("N") + ":" },
        _time);

    [Fact]
    public async Task TheListsTtlBoundsTheCache()
    {
        var inner = new Counting(await ListAsync(ttl: TimeSpan.FromSeconds(60)));
        var cache = Resolver(inner);
        var first = await cache.ResolveAsync(Url);
        await cache.ResolveAsync(Url);
        Assert.Equal(1, inner.Count);
        Assert.Equal(TimeSpan.FromSeconds(60), first.MaxAge);
        _time.Advance(TimeSpan.FromSeconds(30));
        var half = await cache.ResolveAsync(Url);
        Assert.Equal(TimeSpan.FromSeconds(30), half.MaxAge); // what is left, so a cache in front cannot outlive it
        _time.Advance(TimeSpan.FromSeconds(31));
        await cache.ResolveAsync(Url);
        Assert.Equal(2, inner.Count);
    }

    [Fact]
    public async Task AListIsNeverServedPastItsValidUntilEvenWithALongerTtl()
    {
        var inner = new Counting(await ListAsync(ttl: TimeSpan.FromHours(1), validUntil: _time.GetUtcNow().AddSeconds(20)));
        var cache = Resolver(inner);
        Assert.Equal(TimeSpan.FromSeconds(20), (await cache.ResolveAsync(Url)).MaxAge);
        _time.Advance(TimeSpan.FromSeconds(21));
        inner.Document = await ListAsync(ttl: TimeSpan.FromHours(1), validUntil: _time.GetUtcNow().AddHours(1), revoked: 5);
        var renewed = await cache.ResolveAsync(Url);
        Assert.Equal(2, inner.Count);
        Assert.NotEqual((string?)inner.First!["credentialSubject"]!["encodedList"], (string?)renewed.Document["credentialSubject"]!["encodedList"]);
    }

    [Fact]
    public async Task NoStoreAndUnsignedListsAreNeverShared()
    {
        var noStore = new Counting(await ListAsync()) { MaxAge = TimeSpan.Zero };
        var cache = Resolver(noStore);
        await cache.ResolveAsync(Url);
        await cache.ResolveAsync(Url);
        Assert.Equal(2, noStore.Count);

        var unsigned = new Counting(await ListAsync(sign: false));
        var other = Resolver(unsigned);
        await other.ResolveAsync(Url);
        await other.ResolveAsync(Url);
        Assert.Equal(2, unsigned.Count);
    }

    [Fact]
    public async Task ATamperedListFromTheIssuerIsPassedOnButNotShared()
    {
        var list = await ListAsync(ttl: TimeSpan.FromMinutes(5));
        list["credentialSubject"]!["encodedList"] = (string)(await ListAsync(revoked: 9))["credentialSubject"]!["encodedList"]!;
        var inner = new Counting(list);
        var cache = Resolver(inner);
        var served = await cache.ResolveAsync(Url);
        await cache.ResolveAsync(Url);
        Assert.Equal(2, inner.Count); // the verifier's own proof check then fails it: STATUS_VERIFICATION_ERROR, not a cached lie
        Assert.Equal((string?)list["credentialSubject"]!["encodedList"], (string?)served.Document["credentialSubject"]!["encodedList"]);
    }

    [Fact]
    public async Task TheHttpMaxAgeBoundsTheCacheWhenShorterThanTheTtl()
    {
        var inner = new Counting(await ListAsync(ttl: TimeSpan.FromMinutes(10))) { MaxAge = TimeSpan.FromSeconds(15) };
        var cache = Resolver(inner);
        Assert.Equal(TimeSpan.FromSeconds(15), (await cache.ResolveAsync(Url)).MaxAge);
        _time.Advance(TimeSpan.FromSeconds(16));
        await cache.ResolveAsync(Url);
        Assert.Equal(2, inner.Count);
    }

    private sealed class Counting(JsonObject document) : IStatusListResolver
    {
        private int _count;

        public JsonObject Document { get; set; } = document;

        public JsonObject? First { get; private set; }

        public TimeSpan? MaxAge { get; init; }

        public int Count => _count;

        public Task<StatusListDocument> ResolveAsync(string url, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            First ??= Document;
            return Task.FromResult(new StatusListDocument((JsonObject)Document.DeepClone(), MaxAge));
        }
    }
}
