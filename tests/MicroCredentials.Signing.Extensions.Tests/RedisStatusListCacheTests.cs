using System.Text;
using MicroCredentials.Signing.Extensions.Tests.Support;
using MicroCredentials.Signing.Verification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Xunit;

namespace MicroCredentials.Signing.Extensions.Tests;

/// <summary>
/// The status-list cache with a real Redis (redis-server on loopback, started and stopped by each test) as the level
/// shared by verifier nodes; each node is a host with its own service provider, HybridCache and Redis connection.
/// </summary>
public sealed class RedisStatusListCacheTests : IDisposable
{
    private readonly World _world = new();
    private readonly RedisServer _redis = new();

    public void Dispose()
    {
        _world.Dispose();
        _redis.Dispose();
    }

    private Dictionary<string, string?> RedisConfig() => new()
    {
        ["MicroCredentials:StatusListCache:Redis"] = _redis.Configuration,
        ["MicroCredentials:StatusListCache:RedisTimeout"] = "00:00:00.500",
    };

    private static Task<VerificationReport> VerifyAsync(IHost node, System.Text.Json.Nodes.JsonObject credential) =>
        node.Services.GetRequiredService<MicroCredentialsVerifier>().VerifyAsync(credential);

    [Fact]
    public async Task TwoVerifierNodesShareOneFetchOfAList()
    {
        var nodeA = await _world.StartHostAsync(RedisConfig());
        var nodeB = await _world.StartHostAsync(RedisConfig());
        var issuer = nodeA.Services.GetRequiredService<MicroCredentialsIssuers>().Get("university");
        var credential = await issuer.IssueAsync(_world.Elements);
        var other = await issuer.IssueAsync(_world.Elements);
        await _world.PublishAsync(nodeA);

        Assert.True((await VerifyAsync(nodeA, credential)).Verified);
        Assert.Equal(1, _world.ListFetches);

        using var redis = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration + ",allowAdmin=true");
        Assert.True(redis.GetServer(_redis.Configuration).Keys(pattern: "mcred:status-list:*").Any(), "node A shared the list in Redis: " + string.Join("\n", _world.Logs.Entries.Select(e => e.Id + " " + e.Message)));

        // Node B has never seen the list: it reads it from Redis (proof checked), not from the issuer.
        var report = await VerifyAsync(nodeB, other);
        Assert.True(report.Verified, string.Join("; ", report.Failures));
        Assert.True((await VerifyAsync(nodeB, credential)).Verified);
        Assert.True(1 == _world.ListFetches, string.Join("\n", _world.Logs.Entries.Select(e => e.Id + " " + e.Message)));

        var keys = redis.GetServer(_redis.Configuration).Keys(pattern: "mcred:status-list:*").ToArray();
        var key = Assert.Single(keys);
        Assert.Equal("mcred:status-list:" + World.ListUrl, key.ToString());
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)); // the list's ttl (5 minutes) bounds the Redis entry
    }

    [Fact]
    public async Task RedisStoppedMidRunDegradesToFetchingWithAWarningAndTheVerdictStaysRight()
    {
        var nodeA = await _world.StartHostAsync(RedisConfig());
        var issuer = nodeA.Services.GetRequiredService<MicroCredentialsIssuers>().Get("university");
        var valid = await issuer.IssueAsync(_world.Elements);
        var revoked = await issuer.IssueAsync(_world.Elements);
        await issuer.SetStatusAsync(revoked["credentialStatus"]!.AsObject(), 1);
        await _world.PublishAsync(nodeA);
        Assert.True((await VerifyAsync(nodeA, valid)).Verified);
        Assert.Equal(1, _world.ListFetches);

        _redis.Stop();

        // A new node while Redis is down: it fetches, warns once, and gets both verdicts right.
        var nodeB = await _world.StartHostAsync(RedisConfig());
        var okReport = await VerifyAsync(nodeB, valid);
        var revokedReport = await VerifyAsync(nodeB, revoked);
        Assert.True(okReport.Verified, string.Join("; ", okReport.Failures));
        Assert.False(revokedReport.Verified);
        Assert.Equal(VerificationOutcome.Failed, revokedReport.Outcome);
        Assert.Contains(revokedReport.Failures, f => f.Check == VerificationSteps.Status);
        Assert.Equal(2, _world.ListFetches);
        Assert.True(_world.Logs.Has(MicroCredentialsLogEvents.DistributedCacheUnavailable));
        var warnings = _world.Logs.Entries.Where(e => e.Id.Id == MicroCredentialsLogEvents.DistributedCacheUnavailable).ToArray();
        // Once per node and outage at most (node A may see the outage on a late background write too), never per request.
        Assert.InRange(warnings.Length, 1, 2);
        Assert.All(warnings, w => Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, w.Level));

        // Node A keeps answering from its in-process level; nothing throws.
        Assert.True((await VerifyAsync(nodeA, valid)).Verified);
        Assert.False((await VerifyAsync(nodeA, revoked)).Verified);
    }

    [Fact]
    public async Task APoisonedRedisEntryFailsTheProofCheckIsDroppedAndRefetched()
    {
        var nodeA = await _world.StartHostAsync(RedisConfig());
        var issuer = nodeA.Services.GetRequiredService<MicroCredentialsIssuers>().Get("university");
        var revoked = await issuer.IssueAsync(_world.Elements);
        await issuer.SetStatusAsync(revoked["credentialStatus"]!.AsObject(), 1);
        var list = await _world.PublishAsync(nodeA);
        Assert.False((await VerifyAsync(nodeA, revoked)).Verified);
        Assert.Equal(1, _world.ListFetches);

        // Change the list inside the Redis entry, keeping its length: the encodedList loses the revocation bit's byte.
        using var redis = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration + ",allowAdmin=true");
        var db = redis.GetDatabase();
        var key = (RedisKey)("mcred:status-list:" + World.ListUrl);
        var type = await db.KeyTypeAsync(key);
        byte[] stored = type == RedisType.Hash ? (byte[])(await db.HashGetAsync(key, "data"))! : (byte[])(await db.StringGetAsync(key))!;
        var encoded = (string)list["credentialSubject"]!["encodedList"]!;
        var at = IndexOf(stored, Encoding.UTF8.GetBytes(encoded));
        Assert.True(at >= 0, "the entry holds the list's encodedList");
        var poisoned = (byte[])stored.Clone();
        var i = at + encoded.Length / 2;
        poisoned[i] = (byte)(poisoned[i] == (byte)'A' ? 'B' : 'A');
        if (type == RedisType.Hash)
        {
            await db.HashSetAsync(key, "data", poisoned);
        }
        else
        {
            await db.StringSetAsync(key, poisoned, await db.KeyTimeToLiveAsync(key));
        }

        // A second node reads the poisoned entry from Redis: the proof check rejects it, it is dropped and fetched again.
        var nodeB = await _world.StartHostAsync(RedisConfig());
        var report = await VerifyAsync(nodeB, revoked);
        Assert.Equal(VerificationOutcome.Failed, report.Outcome);
        Assert.Contains(report.Failures, f => f.Check == VerificationSteps.Status);
        Assert.DoesNotContain(report.Checks, c => c.Code == Status.StatusErrorCodes.StatusVerificationError);
        Assert.Equal(2, _world.ListFetches);
        Assert.True(_world.Logs.Has(MicroCredentialsLogEvents.StatusListCacheEntryRejected));

        // The refetched, valid list replaced the poisoned entry.
        var now = type == RedisType.Hash ? (byte[])(await db.HashGetAsync(key, "data"))! : (byte[])(await db.StringGetAsync(key))!;
        Assert.True(IndexOf(now, Encoding.UTF8.GetBytes(encoded)) >= 0);
    }

    [Fact]
    public async Task AListIsNeverServedPastItsTtlOrValidUntil()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var nodeA = await _world.StartHostAsync(RedisConfig(), time: time);
        var nodeB = await _world.StartHostAsync(RedisConfig(), time: time);
        var issuer = nodeA.Services.GetRequiredService<MicroCredentialsIssuers>().Get("university");
        var credential = await issuer.IssueAsync(_world.Elements);
        await _world.PublishAsync(nodeA); // ttl 5 minutes
        Assert.True((await VerifyAsync(nodeA, credential)).Verified);
        Assert.True((await VerifyAsync(nodeB, credential)).Verified);
        Assert.Equal(1, _world.ListFetches);

        // Revoked at the issuer; within the ttl a cached list may still be served, past it never.
        await issuer.SetStatusAsync(credential["credentialStatus"]!.AsObject(), 1);
        await _world.PublishAsync(nodeA);
        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var report = await VerifyAsync(nodeB, credential);
        Assert.False(report.Verified);
        Assert.Contains(report.Failures, f => f.Check == VerificationSteps.Status);
        Assert.Equal(2, _world.ListFetches);
    }

    private static int IndexOf(byte[] haystack, byte[] needle) =>
        haystack.AsSpan().IndexOf(needle);
}
