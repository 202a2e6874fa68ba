using System.Globalization;
using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.Status;

/// <summary>Signs an unsigned status list credential (for example through <c>DataIntegrityProofs.SignAsync</c>) and returns the signed copy.</summary>
public delegate Task<JsonObject> StatusListCredentialSigner(JsonObject unsignedCredential, CancellationToken cancellationToken);

/// <summary>How a <c>BitstringStatusListCredential</c> is published.</summary>
public sealed record StatusListCredentialOptions
{
    /// <summary>The issuer (a URL or DID); verifiers expect the issuer of the credentials that point at the list.</summary>
    public required string Issuer { get; init; }

    /// <summary><c>validFrom</c>; the issuer's clock when not set.</summary>
    public DateTimeOffset? ValidFrom { get; init; }

    /// <summary>Optional <c>validUntil</c>: verifiers treat the list as stale afterwards.</summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>Optional <c>ttl</c>: how long verifiers may cache the list (written in milliseconds, as the spec says).</summary>
    public TimeSpan? TimeToLive { get; init; }
}

/// <summary>Builds the JSON of Bitstring Status List entries and credentials.</summary>
public static class StatusListCredentials
{
    /// <summary>The VC Data Model 2.0 context, which also defines the Bitstring Status List terms.</summary>
    public const string CredentialsV2Context = "https://www.w3.org/ns/credentials/v2";

    /// <summary>Builds the <c>BitstringStatusListEntry</c> for index <paramref name="index"/> of a list.</summary>
    public static JsonObject CreateEntry(StatusListDefinition definition, int index)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, definition.Length);
        var indexText = index.ToString(CultureInfo.InvariantCulture);
        var entry = new JsonObject
        {
            ["id"] = definition.ListUrl + "#" + indexText,
            ["type"] = "BitstringStatusListEntry",
            ["statusPurpose"] = definition.Purpose,
            ["statusListIndex"] = indexText,
            ["statusListCredential"] = definition.ListUrl,
        };
        if (definition.Purpose == StatusPurposes.Message)
        {
            entry["statusSize"] = definition.StatusSize;
            entry["statusMessage"] = new JsonArray(definition.Messages
                .Select(m => (JsonNode)new JsonObject { ["status"] = m.StatusHex, ["message"] = m.Message })
                .ToArray());
        }

        return entry;
    }

    /// <summary>Builds the unsigned <c>BitstringStatusListCredential</c> (VC 2.0) publishing <paramref name="list"/>.</summary>
    public static JsonObject CreateCredential(string listUrl, string purpose, BitstringStatusList list, StatusListCredentialOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(listUrl);
        ArgumentNullException.ThrowIfNull(purpose);
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Issuer, nameof(options));
        var validFrom = options.ValidFrom ?? (timeProvider ?? TimeProvider.System).GetUtcNow();
        if (options.ValidUntil is { } until && until <= validFrom)
        {
            throw new ArgumentException("ValidUntil must be after ValidFrom", nameof(options));
        }

        var subject = new JsonObject
        {
            ["id"] = listUrl + "#list",
            ["type"] = "BitstringStatusList",
            ["statusPurpose"] = purpose,
            ["encodedList"] = list.Encode(),
        };
        if (options.TimeToLive is { } ttl)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.Zero, nameof(options));
            subject["ttl"] = (long)ttl.TotalMilliseconds;
        }

        var credential = new JsonObject
        {
            ["@context"] = new JsonArray(CredentialsV2Context),
            ["id"] = listUrl,
            ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
            ["issuer"] = options.Issuer,
            ["validFrom"] = FormatTime(validFrom),
        };
        if (options.ValidUntil is { } validUntil)
        {
            credential["validUntil"] = FormatTime(validUntil);
        }

        credential["credentialSubject"] = subject;
        return credential;
    }

    internal static string FormatTime(DateTimeOffset t) =>
        t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>
/// The issuer side: allocates random status indices to credentials before they are signed, changes their
/// status, and publishes the signed status list credential, on top of an <see cref="IStatusListStore"/>.
/// </summary>
public sealed class StatusListIssuer
{
    private readonly IStatusListStore _store;
    private readonly TimeProvider _time;

    /// <summary>Creates an issuer over a store.</summary>
    public StatusListIssuer(IStatusListStore store, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The store.</summary>
    public IStatusListStore Store => _store;

    /// <summary>Creates the list in the store unless it exists; returns its metadata either way.</summary>
    public async Task<StatusListMetadata> EnsureListAsync(StatusListDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var existing = await _store.GetListAsync(definition.ListUrl, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }

        try
        {
            await _store.CreateListAsync(definition, cancellationToken).ConfigureAwait(false);
        }
        catch (StatusListException ex) when (ex.Code == StatusErrorCodes.ListExists)
        {
            // Another issuer created it between our read and our create: theirs is as good as ours.
        }

        return await _store.GetListAsync(definition.ListUrl, cancellationToken).ConfigureAwait(false)
            ?? throw new StatusListException(StatusErrorCodes.ListNotFound, $"no status list '{definition.ListUrl}'");
    }

    /// <summary>Allocates a random index of the list and returns its <c>BitstringStatusListEntry</c>.</summary>
    public async Task<JsonObject> AllocateEntryAsync(string listUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        var metadata = await _store.GetListAsync(listUrl, cancellationToken).ConfigureAwait(false)
            ?? throw new StatusListException(StatusErrorCodes.ListNotFound, $"no status list '{listUrl}'");
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var index = await _store.AllocateIndexAsync(listUrl, cancellationToken).ConfigureAwait(false);
        Telemetry.MicroCredentialsTelemetry.AllocationDuration.Record(Telemetry.MicroCredentialsTelemetry.SecondsSince(start));
        return StatusListCredentials.CreateEntry(metadata.Definition, index);
    }

    /// <summary>
    /// Allocates an entry and adds it to <paramref name="credential"/>'s <c>credentialStatus</c> (making it an
    /// array when one is already there). Call before signing: the entry is covered by the credential's proof.
    /// </summary>
    public async Task<JsonObject> AddStatusAsync(JsonObject credential, string listUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (credential.ContainsKey("proof"))
        {
            throw new ArgumentException("the credential is already signed; add its status before signing", nameof(credential));
        }

        var entry = await AllocateEntryAsync(listUrl, cancellationToken).ConfigureAwait(false);
        switch (credential["credentialStatus"])
        {
            case null:
                credential["credentialStatus"] = entry;
                break;
            case JsonArray array:
                array.Add((JsonNode)entry);
                break;
            case JsonNode single:
                credential.Remove("credentialStatus");
                credential["credentialStatus"] = new JsonArray(single, entry);
                break;
        }

        return entry;
    }

    /// <summary>Sets the status of an allocated index (1 revokes or suspends; 0 clears a suspension).</summary>
    public Task SetStatusAsync(string listUrl, int index, int status, CancellationToken cancellationToken = default) =>
        _store.SetStatusAsync(listUrl, index, status, cancellationToken);

    /// <summary>Sets the status that a <c>BitstringStatusListEntry</c> (as issued by this class) points at.</summary>
    public Task SetStatusAsync(JsonObject statusEntry, int status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statusEntry);
        var url = (statusEntry["statusListCredential"] as JsonValue)?.GetValue<string>()
            ?? throw new ArgumentException("the entry has no statusListCredential", nameof(statusEntry));
        var indexText = (statusEntry["statusListIndex"] as JsonValue)?.ToString();
        if (!int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            throw new ArgumentException("the entry has no valid statusListIndex", nameof(statusEntry));
        }

        return _store.SetStatusAsync(url, index, status, cancellationToken);
    }

    /// <summary>Builds the unsigned <c>BitstringStatusListCredential</c> from the store's current bits.</summary>
    public async Task<JsonObject> BuildListCredentialAsync(string listUrl, StatusListCredentialOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUrl);
        ArgumentNullException.ThrowIfNull(options);
        var metadata = await _store.GetListAsync(listUrl, cancellationToken).ConfigureAwait(false)
            ?? throw new StatusListException(StatusErrorCodes.ListNotFound, $"no status list '{listUrl}'");
        var bits = await _store.ReadListAsync(listUrl, cancellationToken).ConfigureAwait(false);
        return StatusListCredentials.CreateCredential(listUrl, metadata.Definition.Purpose, bits, options, _time);
    }

    /// <summary>Builds the status list credential and signs it with <paramref name="signer"/>: the document to publish at the list URL.</summary>
    public async Task<JsonObject> PublishAsync(string listUrl, StatusListCredentialOptions options, StatusListCredentialSigner signer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var unsigned = await BuildListCredentialAsync(listUrl, options, cancellationToken).ConfigureAwait(false);
        return await signer(unsigned, cancellationToken).ConfigureAwait(false);
    }
}
