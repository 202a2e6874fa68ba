using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Telemetry;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroCredentials.Signing.Extensions;

/// <summary>
/// A status-list cache behind <see cref="HybridCache"/>: an in-process level and, when the host configured one, a
/// distributed level (Redis) shared by every verifier node, so a fleet fetches each list about once per lifetime.
/// <list type="bullet">
/// <item>Lifetime: the shortest of the list's <c>ttl</c>, the time left until its <c>validUntil</c> and the HTTP
/// <c>Cache-Control: max-age</c> (<c>no-store</c>/<c>no-cache</c>: not cached), within
/// <see cref="StatusListCacheSettings.MaxTimeToLive"/>. Every read compares the entry's expiry and the list's
/// <c>validUntil</c> with the injected clock, so a list is never served past either.</item>
/// <item>Integrity: only a list whose proof verifies (the injected <see cref="StatusListProofVerifier"/>) is shared;
/// an entry read back from the cache is checked again (once per distinct content), and one that fails (bytes changed
/// in Redis) is dropped, logged (<see cref="MicroCredentialsLogEvents.StatusListCacheEntryRejected"/>) and fetched
/// again. The verifier's status check still verifies the proof on every use.</item>
/// <item>A Redis that fails is bypassed (reads miss, writes are skipped) with a logged warning; see
/// <see cref="MicroCredentialsLogEvents.DistributedCacheUnavailable"/>.</item>
/// </list>
/// Concurrent misses for one URL on one node share one fetch (HybridCache's stampede protection); nodes do not lock
/// each other, so a list nobody has cached yet may be fetched once per node that asks for it at the same moment.
/// </summary>
public sealed class HybridStatusListResolver : IStatusListResolver
{
    private const int EnvelopeVersion = 1;
    private static readonly JsonInputLimits EnvelopeLimits = JsonInputLimits.Default with { MaxBytes = 16 * 1024 * 1024 };

    private readonly IStatusListResolver _inner;
    private readonly HybridCache _cache;
    private readonly StatusListProofVerifier _validator;
    private readonly TimeProvider _time;
    private readonly StatusListCacheSettings _settings;
    private readonly ILogger _logger;

    // Content hashes of entries whose proof this node already checked, per URL: a changed entry is checked again.
    private readonly ConcurrentDictionary<string, byte[]> _validated = new(StringComparer.Ordinal);

    /// <summary>Caches <paramref name="inner"/>'s lists in <paramref name="cache"/>.</summary>
    /// <param name="inner">The fetcher (for example <c>OnlineResolver.FetchingStatusListResolver</c>).</param>
    /// <param name="cache">The host's HybridCache.</param>
    /// <param name="validator">Verifies a list's proof before it is shared and after it is read back.</param>
    /// <param name="settings">Lifetimes and key prefix.</param>
    /// <param name="timeProvider">The clock expiry is judged by.</param>
    /// <param name="logger">Where warnings go.</param>
    public HybridStatusListResolver(IStatusListResolver inner, HybridCache cache, StatusListProofVerifier validator, StatusListCacheSettings? settings = null, TimeProvider? timeProvider = null, ILogger<HybridStatusListResolver>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(validator);
        _inner = inner;
        _cache = cache;
        _validator = validator;
        _settings = settings ?? new StatusListCacheSettings();
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The cache key of a list URL.</summary>
    public string KeyOf(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return _settings.KeyPrefix + url;
    }

    /// <inheritdoc/>
    public async Task<StatusListDocument> ResolveAsync(string url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        var key = KeyOf(url);
        for (var attempt = 0; ; attempt++)
        {
            var call = new Call(this, url);
            byte[] bytes;
            try
            {
                bytes = await _cache.GetOrCreateAsync(
                    key,
                    call,
                    static (c, entry, ct) => c.Owner.FetchAsync(c, entry, ct),
                    new HybridCacheEntryOptions { Expiration = _settings.MaxTimeToLive, LocalCacheExpiration = Min(_settings.MaxLocalTimeToLive, _settings.MaxTimeToLive) },
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (NotSharedException notShared)
            {
                MicroCredentialsTelemetry.RecordCacheLookup(hit: false, "hybrid");
                return new StatusListDocument((JsonObject)notShared.Document.Document.DeepClone(), notShared.Document.MaxAge);
            }

            if (call.Fresh is { } fresh)
            {
                // This call fetched: what it returns was checked (or deliberately not shared) in the factory.
                MicroCredentialsTelemetry.RecordCacheLookup(hit: false, "hybrid");
                return fresh;
            }

            var rejection = await CheckCachedAsync(url, bytes, cancellationToken).ConfigureAwait(false);
            if (rejection.Document is { } document)
            {
                MicroCredentialsTelemetry.RecordCacheLookup(hit: true, "hybrid");
                return document;
            }

            if (rejection.Poisoned)
            {
                Log.EntryRejected(_logger, url, rejection.Reason);
            }

            await _cache.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
            _validated.TryRemove(url, out _);
            if (attempt >= 1)
            {
                // The entry came back wrong twice (someone keeps rewriting it): fetch without the cache.
                MicroCredentialsTelemetry.RecordCacheLookup(hit: false, "hybrid");
                return await _inner.ResolveAsync(url, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask<byte[]> FetchAsync(Call call, HybridCacheEntryContext entry, CancellationToken ct)
    {
        var doc = await _inner.ResolveAsync(call.Url, ct).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var life = LifetimeOf(doc, now);
        call.Fresh = new StatusListDocument(doc.Document, life);
        var envelope = Envelope(call.Url, doc, now, now + life);
        string? notShared = null;
        if (life <= TimeSpan.Zero)
        {
            notShared = "no cache lifetime (ttl 0, no-store, or validUntil reached)";
        }
        else if (doc.Document["proof"] is null)
        {
            notShared = "no proof to check a cached copy against";
        }
        else
        {
            var proof = await _validator((JsonObject)doc.Document.DeepClone(), ct).ConfigureAwait(false);
            if (!proof.Verified)
            {
                notShared = "its proof does not verify" + (proof.Detail is null ? string.Empty : ": " + proof.Detail);
            }
        }

        if (notShared is null)
        {
            entry.Expiration = life;
            entry.LocalCacheExpiration = Min(life, _settings.MaxLocalTimeToLive);
            _validated[call.Url] = SHA256.HashData(envelope);
            Log.ListFetched(_logger, call.Url, life);
        }
        else
        {
            // Thrown rather than returned: HybridCache never stores a failed factory, and every caller that joined
            // this fetch receives the same exception, so the list reaches them as fetched and reaches no cache level.
            Log.NotCached(_logger, call.Url, notShared);
            throw new NotSharedException(new StatusListDocument(doc.Document, TimeSpan.Zero));
        }

        return envelope;
    }

    private async Task<(StatusListDocument? Document, bool Poisoned, string Reason)> CheckCachedAsync(string url, byte[]? bytes, CancellationToken ct)
    {
        if (bytes is null || bytes.Length == 0)
        {
            return (null, true, "empty entry");
        }

        JsonObject envelope;
        try
        {
            envelope = SafeJson.ParseObject(bytes, EnvelopeLimits);
        }
        catch (JsonInputException ex)
        {
            return (null, true, "unreadable entry: " + ex.Code);
        }

        if (!TryNumber(envelope["v"], out var version) || version != EnvelopeVersion)
        {
            return (null, true, "unknown entry version");
        }

        if (envelope["url"] is not JsonValue u || !u.TryGetValue<string>(out var entryUrl) || entryUrl != url)
        {
            return (null, true, "entry for another URL");
        }

        if (envelope["document"] is not JsonObject document || !TryTime(envelope["expiresAt"], out var expiresAt))
        {
            return (null, true, "entry without a document or an expiry");
        }

        var now = _time.GetUtcNow();
        if (expiresAt <= now)
        {
            return (null, false, "expired");
        }

        if (TryTime(document["validUntil"] ?? document["expirationDate"], out var validUntil) && validUntil <= now)
        {
            return (null, false, "past the list's validUntil");
        }

        var hash = SHA256.HashData(bytes);
        if (!_validated.TryGetValue(url, out var known) || !CryptographicOperations.FixedTimeEquals(known, hash))
        {
            StatusListProofCheck proof;
            try
            {
                proof = await _validator((JsonObject)document.DeepClone(), ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                proof = new StatusListProofCheck(false, ex.Message);
            }

            if (!proof.Verified)
            {
                return (null, true, "proof check failed" + (proof.Detail is null ? string.Empty : ": " + proof.Detail));
            }

            _validated[url] = hash;
        }

        return (new StatusListDocument(document, expiresAt - now), false, string.Empty);
    }

    private TimeSpan LifetimeOf(StatusListDocument doc, DateTimeOffset now)
    {
        TimeSpan? life = null;
        void Offer(TimeSpan t) => life = life is { } l && l <= t ? l : t;

        if (doc.MaxAge is { } maxAge)
        {
            Offer(maxAge);
        }

        if (doc.Document["credentialSubject"] is JsonObject subject && TryNumber(subject["ttl"], out var ms) && ms >= 0 && ms < TimeSpan.MaxValue.TotalMilliseconds)
        {
            Offer(TimeSpan.FromMilliseconds(ms));
        }

        if (TryTime(doc.Document["validUntil"] ?? doc.Document["expirationDate"], out var validUntil))
        {
            Offer(validUntil > now ? validUntil - now : TimeSpan.Zero);
        }

        var result = life ?? _settings.DefaultTimeToLive;
        return result > _settings.MaxTimeToLive ? _settings.MaxTimeToLive : result;
    }

    private static byte[] Envelope(string url, StatusListDocument doc, DateTimeOffset fetchedAt, DateTimeOffset expiresAt) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["v"] = EnvelopeVersion,
            ["url"] = url,
            ["fetchedAt"] = fetchedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["expiresAt"] = expiresAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["document"] = doc.Document.DeepClone(),
        });

    private static bool TryTime(JsonNode? node, out DateTimeOffset value)
    {
        value = default;
        return node is JsonValue v && v.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    private static bool TryNumber(JsonNode? node, out double value)
    {
        value = 0;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a <= b ? a : b;

    private sealed class NotSharedException(StatusListDocument document) : Exception("the status list is not shared")
    {
        public StatusListDocument Document { get; } = document;
    }

    private sealed class Call(HybridStatusListResolver owner, string url)
    {
        public HybridStatusListResolver Owner { get; } = owner;

        public string Url { get; } = url;

        public StatusListDocument? Fresh { get; set; }
    }
}
