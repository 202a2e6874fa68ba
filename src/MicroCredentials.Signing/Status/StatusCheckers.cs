using System.Globalization;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Status;

/// <summary>
/// The outcome of checking one <c>credentialStatus</c> entry: the spec's <c>{status, purpose, valid, message}</c>
/// plus, when the status could not be determined, a spec error code. Fail closed: <see cref="Valid"/> is true
/// only when the status was determined from a verified list and says the credential is in force.
/// </summary>
public sealed record StatusCheckResult
{
    /// <summary>The entry's <c>type</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The entry's <c>statusPurpose</c> (<c>revocation</c> for a 1EdTech revocation list).</summary>
    public string? Purpose { get; init; }

    /// <summary>The status value read from the list; <see langword="null"/> when it could not be determined.</summary>
    public int? Status { get; init; }

    /// <summary>True when the status was determined and the credential is neither revoked nor suspended.</summary>
    public bool Valid { get; init; }

    /// <summary>For <c>message</c> entries, the message of the status value; for 1EdTech lists, the revocation reason.</summary>
    public string? Message { get; init; }

    /// <summary>A code from <see cref="StatusErrorCodes"/> when the status could not be determined; otherwise <see langword="null"/>.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>A finer, stable reason for the error (for example <c>ISSUER_MISMATCH</c>, <c>PROOF_INVALID</c>, <c>LIST_EXPIRED</c>).</summary>
    public string? Reason { get; init; }

    /// <summary>A human-readable explanation.</summary>
    public string? Detail { get; init; }

    /// <summary>The status list URL that was (or would have been) consulted.</summary>
    public string? StatusListUrl { get; init; }

    /// <summary>The issuer of the status list, when it was read.</summary>
    public string? StatusListIssuer { get; init; }

    /// <summary>True when the status was determined (no <see cref="ErrorCode"/>).</summary>
    public bool Determined => ErrorCode is null;

    internal static StatusCheckResult Error(string type, string? purpose, string code, string reason, string detail, string? url = null, string? listIssuer = null) =>
        new() { Type = type, Purpose = purpose, ErrorCode = code, Reason = reason, Detail = detail, StatusListUrl = url, StatusListIssuer = listIssuer };
}

/// <summary>Stable reasons carried by <see cref="StatusCheckResult.Reason"/>.</summary>
public static class StatusCheckReasons
{
    /// <summary>The status list's issuer is neither the credential's issuer nor a trusted status list issuer.</summary>
    public const string IssuerMismatch = "ISSUER_MISMATCH";

    /// <summary>The status list credential's proof did not verify.</summary>
    public const string ProofInvalid = "PROOF_INVALID";

    /// <summary>The status list credential is past its <c>validUntil</c>/<c>expirationDate</c>.</summary>
    public const string ListExpired = "LIST_EXPIRED";

    /// <summary>The status list credential is before its <c>validFrom</c>/<c>issuanceDate</c>.</summary>
    public const string ListNotYetValid = "LIST_NOT_YET_VALID";

    /// <summary>The status list credential or its subject lacks the expected type.</summary>
    public const string WrongType = "WRONG_TYPE";

    /// <summary>The entry's purpose is not among the list's purposes.</summary>
    public const string PurposeMismatch = "PURPOSE_MISMATCH";

    /// <summary>The entry lacks a property or has a malformed one.</summary>
    public const string MalformedEntry = "MALFORMED_ENTRY";

    /// <summary>The list document lacks a property or has a malformed one.</summary>
    public const string MalformedList = "MALFORMED_LIST";

    /// <summary>The list could not be fetched.</summary>
    public const string RetrievalFailed = "RETRIEVAL_FAILED";

    /// <summary>No checker handles the entry's type.</summary>
    public const string UnsupportedType = "UNSUPPORTED_TYPE";

    /// <summary>
    /// The list's own <c>id</c> is missing, not an absolute IRI, or not exactly the URL the entry names: the document
    /// served does not say it is the list asked for.
    /// </summary>
    public const string ListIdMismatch = "LIST_ID_MISMATCH";

    /// <summary>The status list credential's own <c>credentialStatus</c> says it is revoked or suspended.</summary>
    public const string ListNotInForce = "LIST_NOT_IN_FORCE";

    /// <summary>The status list credential's own <c>credentialStatus</c> could not be determined.</summary>
    public const string ListStatusUndetermined = "LIST_STATUS_UNDETERMINED";

    /// <summary>Status lists carry status deeper than <see cref="StatusCheckerOptions.MaxStatusListDepth"/>.</summary>
    public const string ListStatusTooDeep = "LIST_STATUS_TOO_DEEP";
}

/// <summary>The outcome of verifying a status list credential's proof.</summary>
/// <param name="Verified">True when every proof verified.</param>
/// <param name="Detail">Why not, when it did not.</param>
public sealed record StatusListProofCheck(bool Verified, string? Detail = null);

/// <summary>Verifies the proof(s) of a status list credential (for example through <c>DataIntegrityProofs.VerifyAsync</c>).</summary>
public delegate Task<StatusListProofCheck> StatusListProofVerifier(JsonObject statusListCredential, CancellationToken cancellationToken);

/// <summary>Checks one kind of <c>credentialStatus</c> entry (one <c>type</c>).</summary>
public interface IStatusChecker
{
    /// <summary>The <c>credentialStatus.type</c> this checker handles.</summary>
    string StatusType { get; }

    /// <summary>Checks <paramref name="statusEntry"/> of <paramref name="credential"/>. Never throws for bad input: errors are results.</summary>
    Task<StatusCheckResult> CheckAsync(JsonObject credential, JsonObject statusEntry, CancellationToken cancellationToken = default);
}

/// <summary>Options of the status list checkers.</summary>
public sealed record StatusCheckerOptions
{
    /// <summary>
    /// Issuers (URLs or DIDs) whose status lists are accepted for credentials of any issuer. By default a list
    /// must have the credential's own issuer.
    /// </summary>
    public IReadOnlyCollection<string> TrustedStatusListIssuers { get; init; } = [];

    /// <summary>The minimum number of entries a list must have (the spec's 131,072, unless an ecosystem sets a lower bound).</summary>
    public int MinimumEntries { get; init; } = BitstringStatusList.MinimumEntries;

    /// <summary>Bounds on decoding <c>encodedList</c>.</summary>
    public StatusListLimits Limits { get; init; } = StatusListLimits.Default;

    /// <summary>Clock tolerance when comparing the list's validity period with now.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// How many status lists deep a chain may go: the credential's list is 1, the list holding that list's own
    /// <c>credentialStatus</c> is 2. A list at this depth that itself carries <c>credentialStatus</c> gives
    /// <see cref="StatusCheckReasons.ListStatusTooDeep"/>. Must be at least 1.
    /// </summary>
    public int MaxStatusListDepth { get; init; } = 2;
}

/// <summary>Checks <c>BitstringStatusListEntry</c> entries with the Bitstring Status List v1.0 validation algorithm.</summary>
public sealed class BitstringStatusListChecker : IStatusChecker, INestedStatusChecker
{
    private readonly ListStatusCore _core;

    /// <summary>Creates the checker.</summary>
    /// <param name="resolver">Fetches status list credentials (wrap it in <see cref="CachingStatusListResolver"/> to honour <c>ttl</c>).</param>
    /// <param name="proofVerifier">Verifies the status list credential's proof.</param>
    /// <param name="options">Trust and limits.</param>
    /// <param name="timeProvider">The clock for validity periods.</param>
    public BitstringStatusListChecker(IStatusListResolver resolver, StatusListProofVerifier proofVerifier, StatusCheckerOptions? options = null, TimeProvider? timeProvider = null) =>
        _core = new ListStatusCore(ListStatusCore.Bitstring, this, resolver, proofVerifier, options, timeProvider);

    /// <inheritdoc/>
    public string StatusType => ListStatusCore.Bitstring.EntryType;

    /// <inheritdoc/>
    public Task<StatusCheckResult> CheckAsync(JsonObject credential, JsonObject statusEntry, CancellationToken cancellationToken = default) =>
        _core.CheckAsync(credential, statusEntry, null, cancellationToken);

    Task<StatusCheckResult> INestedStatusChecker.CheckAsync(JsonObject credential, JsonObject statusEntry, StatusNesting nesting, CancellationToken cancellationToken) =>
        _core.CheckAsync(credential, statusEntry, nesting, cancellationToken);
}

/// <summary>Checks legacy <c>StatusList2021Entry</c> entries (the W3C CCG Status List 2021 predecessor of Bitstring Status List).</summary>
public sealed class StatusList2021Checker : IStatusChecker, INestedStatusChecker
{
    private readonly ListStatusCore _core;

    /// <summary>Creates the checker; see <see cref="BitstringStatusListChecker"/> for the parameters.</summary>
    public StatusList2021Checker(IStatusListResolver resolver, StatusListProofVerifier proofVerifier, StatusCheckerOptions? options = null, TimeProvider? timeProvider = null) =>
        _core = new ListStatusCore(ListStatusCore.StatusList2021, this, resolver, proofVerifier, options, timeProvider);

    /// <inheritdoc/>
    public string StatusType => ListStatusCore.StatusList2021.EntryType;

    /// <inheritdoc/>
    public Task<StatusCheckResult> CheckAsync(JsonObject credential, JsonObject statusEntry, CancellationToken cancellationToken = default) =>
        _core.CheckAsync(credential, statusEntry, null, cancellationToken);

    Task<StatusCheckResult> INestedStatusChecker.CheckAsync(JsonObject credential, JsonObject statusEntry, StatusNesting nesting, CancellationToken cancellationToken) =>
        _core.CheckAsync(credential, statusEntry, nesting, cancellationToken);
}

/// <summary>
/// Checks <c>1EdTechRevocationList</c> entries: the entry's <c>id</c> is the URL of a revocation list
/// <c>{id, issuer, revokedCredential: [...]}</c> (items are objects with <c>id</c> and optional
/// <c>revocationReason</c>, or plain id strings as some issuers serve them). The list is unsigned, so its
/// issuer must be the credential's issuer (or trusted) for the answer to count.
/// </summary>
public sealed class OneEdTechRevocationListChecker : IStatusChecker
{
    /// <summary>The entry type.</summary>
    public const string Type = "1EdTechRevocationList";

    private readonly IStatusListResolver _resolver;
    private readonly StatusCheckerOptions _options;

    /// <summary>Creates the checker.</summary>
    public OneEdTechRevocationListChecker(IStatusListResolver resolver, StatusCheckerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolver = resolver;
        _options = options ?? new StatusCheckerOptions();
    }

    /// <inheritdoc/>
    public string StatusType => Type;

    /// <inheritdoc/>
    public async Task<StatusCheckResult> CheckAsync(JsonObject credential, JsonObject statusEntry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(statusEntry);
        const string purpose = StatusPurposes.Revocation;
        var url = Json.String(statusEntry["id"]);
        if (!ListStatusCore.IsAbsoluteIri(url))
        {
            return StatusCheckResult.Error(Type, purpose, StatusErrorCodes.MalformedValueError, StatusCheckReasons.MalformedEntry, "the 1EdTechRevocationList entry needs an absolute URL in 'id'");
        }

        var credentialId = Json.String(credential["id"]);
        if (credentialId is null)
        {
            return StatusCheckResult.Error(Type, purpose, StatusErrorCodes.MalformedValueError, StatusCheckReasons.MalformedEntry, "the credential has no 'id' to look up in the revocation list", url);
        }

        JsonObject list;
        try
        {
            list = (await _resolver.ResolveAsync(url, cancellationToken).ConfigureAwait(false)).Document;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return StatusCheckResult.Error(Type, purpose, StatusErrorCodes.StatusRetrievalError, StatusCheckReasons.RetrievalFailed, ex.Message, url);
        }

        var listIssuer = Json.IdOf(list["issuer"]);
        if (ListStatusCore.IdMismatch(list, url!) is { } mismatch)
        {
            return StatusCheckResult.Error(Type, purpose, StatusErrorCodes.StatusVerificationError, StatusCheckReasons.ListIdMismatch, mismatch, url, listIssuer);
        }

        var credentialIssuer = Json.IdOf(credential["issuer"]);
        if (!ListStatusCore.IssuerAccepted(listIssuer, credentialIssuer, _options))
        {
            return StatusCheckResult.Error(Type, purpose, StatusErrorCodes.StatusVerificationError, StatusCheckReasons.IssuerMismatch,
                $"the revocation list's issuer '{listIssuer ?? "(none)"}' is not the credential's issuer '{credentialIssuer ?? "(none)"}' nor a trusted status list issuer", url, listIssuer);
        }

        if (list["revokedCredential"] is not JsonArray revoked)
        {
            return StatusCheckResult.Error(Type, purpose, StatusErrorCodes.MalformedValueError, StatusCheckReasons.MalformedList, "the revocation list has no 'revokedCredential' array", url, listIssuer);
        }

        foreach (var item in revoked)
        {
            var id = item is JsonObject o ? Json.String(o["id"]) : Json.String(item);
            if (id == credentialId)
            {
                var reason = item is JsonObject ro ? Json.String(ro["revocationReason"]) : null;
                return new StatusCheckResult { Type = Type, Purpose = purpose, Status = 1, Valid = false, Message = reason, Detail = "revoked", StatusListUrl = url, StatusListIssuer = listIssuer };
            }
        }

        return new StatusCheckResult { Type = Type, Purpose = purpose, Status = 0, Valid = true, StatusListUrl = url, StatusListIssuer = listIssuer };
    }
}

/// <summary>
/// Checks every <c>credentialStatus</c> entry of a credential with the checker registered for its type.
/// An entry of an unknown type gives <see cref="StatusErrorCodes.UnsupportedType"/> (never "valid").
/// </summary>
public sealed class CredentialStatusVerifier
{
    private readonly Dictionary<string, IStatusChecker> _checkers = new(StringComparer.Ordinal);

    /// <summary>Creates the verifier from its checkers (one per type; a later one replaces an earlier one).</summary>
    public CredentialStatusVerifier(IEnumerable<IStatusChecker> checkers)
    {
        ArgumentNullException.ThrowIfNull(checkers);
        foreach (var c in checkers)
        {
            _checkers[c.StatusType] = c;
        }
    }

    /// <summary>
    /// The usual set: <see cref="BitstringStatusListChecker"/>, <see cref="StatusList2021Checker"/> and
    /// <see cref="OneEdTechRevocationListChecker"/>, sharing a cache over <paramref name="resolver"/>.
    /// </summary>
    public static CredentialStatusVerifier CreateDefault(IStatusListResolver resolver, StatusListProofVerifier proofVerifier, StatusCheckerOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        var cached = resolver as CachingStatusListResolver ?? new CachingStatusListResolver(resolver, timeProvider);
        return new CredentialStatusVerifier(
        [
            new BitstringStatusListChecker(cached, proofVerifier, options, timeProvider),
            new StatusList2021Checker(cached, proofVerifier, options, timeProvider),
            new OneEdTechRevocationListChecker(cached, options),
        ]);
    }

    /// <summary>Checks every entry of the credential's <c>credentialStatus</c> (none: an empty list).</summary>
    public Task<IReadOnlyList<StatusCheckResult>> CheckAsync(JsonObject credential, CancellationToken cancellationToken = default) =>
        CheckAsync(credential, 1, cancellationToken);

    /// <summary>Checks the entries of a credential whose lists sit at <paramref name="depth"/> in a chain of status lists.</summary>
    internal async Task<IReadOnlyList<StatusCheckResult>> CheckAsync(JsonObject credential, int depth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var entries = credential["credentialStatus"] switch
        {
            null => [],
            JsonArray a => a.ToArray(),
            JsonNode n => [n],
        };
        var results = new List<StatusCheckResult>(entries.Length);
        foreach (var node in entries)
        {
            if (node is not JsonObject entry)
            {
                results.Add(StatusCheckResult.Error("(none)", null, StatusErrorCodes.MalformedValueError, StatusCheckReasons.MalformedEntry, "a credentialStatus entry must be an object"));
                continue;
            }

            var type = Json.TypeOf(entry["type"]);
            if (type is null || !_checkers.TryGetValue(type, out var checker))
            {
                results.Add(StatusCheckResult.Error(type ?? "(none)", Json.String(entry["statusPurpose"]), StatusErrorCodes.UnsupportedType, StatusCheckReasons.UnsupportedType, $"no checker for credentialStatus type '{type ?? "(none)"}'"));
                continue;
            }

            results.Add(await (checker is INestedStatusChecker nested
                ? nested.CheckAsync(credential, entry, new StatusNesting(this, depth), cancellationToken)
                : checker.CheckAsync(credential, entry, cancellationToken)).ConfigureAwait(false));
        }

        return results;
    }
}

/// <summary>Where in a chain of status lists a check runs, and who checks the lists' own status.</summary>
/// <param name="Verifier">Checks the <c>credentialStatus</c> of a list read at this depth.</param>
/// <param name="Depth">The depth of the list about to be read (the credential's own list is 1).</param>
internal sealed record StatusNesting(CredentialStatusVerifier Verifier, int Depth);

/// <summary>A checker that can be told its depth, so status carried by status lists is bounded.</summary>
internal interface INestedStatusChecker
{
    Task<StatusCheckResult> CheckAsync(JsonObject credential, JsonObject statusEntry, StatusNesting nesting, CancellationToken cancellationToken);
}

/// <summary>The validation algorithm shared by Bitstring Status List and its Status List 2021 predecessor.</summary>
internal sealed class ListStatusCore
{
    public static readonly Format Bitstring = new("BitstringStatusListEntry", "BitstringStatusListCredential", "BitstringStatusList");
    public static readonly Format StatusList2021 = new("StatusList2021Entry", "StatusList2021Credential", "StatusList2021");

    private readonly Format _format;
    private readonly IStatusChecker _owner;
    private readonly IStatusListResolver _resolver;
    private readonly StatusListProofVerifier _proofVerifier;
    private readonly StatusCheckerOptions _options;
    private readonly TimeProvider _time;

    public ListStatusCore(Format format, IStatusChecker owner, IStatusListResolver resolver, StatusListProofVerifier proofVerifier, StatusCheckerOptions? options, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(proofVerifier);
        _format = format;
        _owner = owner;
        _resolver = resolver;
        _proofVerifier = proofVerifier;
        _options = options ?? new StatusCheckerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxStatusListDepth, 1, nameof(options));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// An absolute IRI with a scheme spelled out. <see cref="Uri.TryCreate(string, UriKind, out Uri)"/> alone is not
    /// enough: on Unix it reads "/status/1" as an absolute file path.
    /// </summary>
    public static bool IsAbsoluteIri([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value)
    {
        if (value is null || value.Length == 0 || !char.IsAsciiLetter(value[0]) || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            && value.AsSpan(1, colon - 1).IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.") < 0
            && Uri.TryCreate(value, UriKind.Absolute, out _);
    }

    /// <summary>
    /// Why <paramref name="list"/> is not the list published at <paramref name="url"/>, or null when its own
    /// <c>id</c> says it is. Without this, any other list of the same issuer and purpose (an empty one, a version
    /// published under another URL) served in its place through a map, cache, mirror or proxy would answer for it. Compared exactly:
    /// the entry names one IRI and the list must claim that one, not something that resolves to it.
    /// </summary>
    public static string? IdMismatch(JsonObject list, string url)
    {
        var listId = Json.String(list["id"]);
        if (listId is null)
        {
            return list["id"] is null
                ? $"the status list served for '{url}' has no id, so it does not say it is that list"
                : $"the status list served for '{url}' has an id that is not a string";
        }

        if (!IsAbsoluteIri(listId))
        {
            return $"the status list served for '{url}' has the id '{listId}', which is not an absolute IRI";
        }

        return string.Equals(listId, url, StringComparison.Ordinal) ? null : $"the status list served for '{url}' says it is '{listId}'";
    }

    public static bool IssuerAccepted(string? listIssuer, string? credentialIssuer, StatusCheckerOptions options) =>
        listIssuer is not null && (listIssuer == credentialIssuer || options.TrustedStatusListIssuers.Contains(listIssuer));

    public async Task<StatusCheckResult> CheckAsync(JsonObject credential, JsonObject entry, StatusNesting? nesting, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(entry);
        var type = _format.EntryType;
        var purpose = Json.String(entry["statusPurpose"]);
        var url = Json.String(entry["statusListCredential"]);
        StatusCheckResult Fail(string code, string reason, string detail, string? listIssuer = null) =>
            StatusCheckResult.Error(type, purpose, code, reason, detail, url, listIssuer);

        if (purpose is null)
        {
            return Fail(StatusErrorCodes.MalformedValueError, StatusCheckReasons.MalformedEntry, "the entry has no statusPurpose string");
        }

        if (!IsAbsoluteIri(url))
        {
            return Fail(StatusErrorCodes.MalformedValueError, StatusCheckReasons.MalformedEntry, "the entry has no absolute statusListCredential URL");
        }

        // The spec writes the index as a string of digits; a JSON integer (seen in the wild) is read the same way.
        var indexNode = entry["statusListIndex"];
        var indexText = indexNode is JsonValue iv && (iv.TryGetValue<string>(out var s) ? s : iv.ToJsonString()) is { } t ? t : null;
        if (indexText is null || indexText.Length == 0 || !indexText.All(char.IsAsciiDigit))
        {
            return Fail(StatusErrorCodes.RangeError, StatusCheckReasons.MalformedEntry, $"statusListIndex must be a non-negative integer, not {indexNode?.ToJsonString() ?? "missing"}");
        }

        var statusSize = 1;
        if (entry["statusSize"] is { } sizeNode)
        {
            if (!Json.TryNumber(sizeNode, out var size) || size != Math.Floor(size) || size < 1 || size > BitstringStatusList.MaxStatusSize || (statusSize = (int)size) < 1 || statusSize > BitstringStatusList.MaxStatusSize)
            {
                return Fail(StatusErrorCodes.MalformedValueError, StatusCheckReasons.MalformedEntry, $"statusSize must be an integer from 1 to {BitstringStatusList.MaxStatusSize}");
            }
        }

        var messages = entry["statusMessage"] as JsonArray;
        if (statusSize > 1 && messages is null)
        {
            return Fail(StatusErrorCodes.MalformedValueError, StatusCheckReasons.MalformedEntry, "an entry with statusSize > 1 needs statusMessage");
        }

        JsonObject list;
        try
        {
            list = (await _resolver.ResolveAsync(url, ct).ConfigureAwait(false)).Document;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return Fail(StatusErrorCodes.StatusRetrievalError, StatusCheckReasons.RetrievalFailed, ex.Message);
        }

        var listIssuer = Json.IdOf(list["issuer"]);
        StatusListProofCheck proof;
        try
        {
            proof = await _proofVerifier(list, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            proof = new StatusListProofCheck(false, ex.Message);
        }

        if (!proof.Verified)
        {
            return Fail(StatusErrorCodes.StatusVerificationError, StatusCheckReasons.ProofInvalid, "the status list credential's proof did not verify" + (proof.Detail is null ? string.Empty : ": " + proof.Detail), listIssuer);
        }

        // Read only once the proof verified, so the id compared is the one the issuer signed.
        if (IdMismatch(list, url) is { } mismatch)
        {
            return Fail(StatusErrorCodes.StatusVerificationError, StatusCheckReasons.ListIdMismatch, mismatch, listIssuer);
        }

        if (!Json.HasType(list["type"], _format.CredentialType) || list["credentialSubject"] is not JsonObject subject || !Json.HasType(subject["type"], _format.SubjectType))
        {
            return Fail(StatusErrorCodes.StatusVerificationError, StatusCheckReasons.WrongType, $"the status list must be a {_format.CredentialType} whose credentialSubject is a {_format.SubjectType}", listIssuer);
        }

        var credentialIssuer = Json.IdOf(credential["issuer"]);
        if (!IssuerAccepted(listIssuer, credentialIssuer, _options))
        {
            return Fail(StatusErrorCodes.StatusVerificationError, StatusCheckReasons.IssuerMismatch,
                $"the status list's issuer '{listIssuer ?? "(none)"}' is not the credential's issuer '{credentialIssuer ?? "(none)"}' nor a trusted status list issuer", listIssuer);
        }

        var now = _time.GetUtcNow();
        if (!Json.TryTime(list["validFrom"] ?? list["issuanceDate"], out var from) || !Json.TryTime(list["validUntil"] ?? list["expirationDate"], out var until))
        {
            return Fail(StatusErrorCodes.MalformedValueError, StatusCheckReasons.MalformedList, "the status list's validity dates are not valid date-times", listIssuer);
        }

        if (from is { } f && f > now + _options.ClockSkew)
        {
            return Fail(StatusErrorCodes.StatusVerificationError, StatusCheckReasons.ListNotYetValid, $"the status list is not valid before {StatusListCredentials.FormatTime(f)}", listIssuer);
        }

        if (until is { } u && u < now - _options.ClockSkew)
        {
            return Fail(StatusErrorCodes.StatusVerificationError, StatusCheckReasons.ListExpired, $"the status list expired at {StatusListCredentials.FormatTime(u)}", listIssuer);
        }

        if (list["credentialStatus"] is not null)
        {
            // A revoked or suspended list (say, one the issuer withdrew after a key compromise) must not keep
            // answering for credentials; a chain of lists is bounded, so a cycle or an endless chain ends.
            nesting ??= new StatusNesting(new CredentialStatusVerifier([_owner]), 1);
            if (nesting.Depth >= _options.MaxStatusListDepth)
            {
                return Fail(StatusErrorCodes.StatusVerificationError, StatusCheckReasons.ListStatusTooDeep,
                    $"the status list carries its own credentialStatus, and status lists may only be {_options.MaxStatusListDepth} deep", listIssuer);
            }

            var listStatus = await nesting.Verifier.CheckAsync(list, nesting.Depth + 1, ct).ConfigureAwait(false);
            if (listStatus.FirstOrDefault(r => !r.Determined) is { } undetermined)
            {
                return Fail(StatusErrorCodes.StatusVerificationError, StatusCheckReasons.ListStatusUndetermined,
                    $"the status list's own status could not be determined ({undetermined.Type} {undetermined.StatusListUrl}: {undetermined.Detail} [{undetermined.Reason}])", listIssuer);
            }

            if (listStatus.FirstOrDefault(r => !r.Valid) is { } withdrawn)
            {
                return Fail(StatusErrorCodes.StatusVerificationError, StatusCheckReasons.ListNotInForce,
                    $"the status list itself is {withdrawn.Detail ?? "not in force"} ({withdrawn.Type} {withdrawn.StatusListUrl})", listIssuer);
            }
        }

        var purposes = subject["statusPurpose"] switch
        {
            JsonArray a => a.Select(Json.String).ToArray(),
            var n => [Json.String(n)],
        };
        if (!purposes.Contains(purpose))
        {
            return Fail(StatusErrorCodes.StatusVerificationError, StatusCheckReasons.PurposeMismatch, $"the entry's purpose '{purpose}' is not the list's ({string.Join(", ", purposes)})", listIssuer);
        }

        var encoded = Json.String(subject["encodedList"]);
        if (encoded is null)
        {
            return Fail(StatusErrorCodes.MalformedValueError, StatusCheckReasons.MalformedList, "the status list has no encodedList string", listIssuer);
        }

        BitstringStatusList bits;
        try
        {
            bits = BitstringStatusList.Decode(encoded, statusSize, _options.Limits);
        }
        catch (StatusListException ex)
        {
            return Fail(StatusErrorCodes.MalformedValueError, ex.Code, ex.Message, listIssuer);
        }

        if (bits.Length < _options.MinimumEntries)
        {
            return Fail(StatusErrorCodes.StatusListLengthError, StatusErrorCodes.StatusListLengthError, $"the list has {bits.Length} entries; at least {_options.MinimumEntries} are required", listIssuer);
        }

        if (!int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= bits.Length)
        {
            return Fail(StatusErrorCodes.RangeError, StatusErrorCodes.RangeError, $"statusListIndex {indexText} is outside the list of {bits.Length} entries", listIssuer);
        }

        var status = bits.GetStatus(index);
        string? message = null;
        if (messages is not null)
        {
            message = messages.OfType<JsonObject>()
                .Where(m => TryParseHex(Json.String(m["status"]), out var v) && v == status)
                .Select(m => Json.String(m["message"]))
                .FirstOrDefault();
        }

        var valid = purpose == StatusPurposes.Message || status == 0;
        return new StatusCheckResult
        {
            Type = type,
            Purpose = purpose,
            Status = status,
            Valid = valid,
            Message = message,
            Detail = valid ? null : purpose switch { StatusPurposes.Revocation => "revoked", StatusPurposes.Suspension => "suspended", _ => $"status {status} for purpose '{purpose}'" },
            StatusListUrl = url,
            StatusListIssuer = listIssuer,
        };
    }

    private static bool TryParseHex(string? text, out int value)
    {
        value = 0;
        return text is not null && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    internal sealed record Format(string EntryType, string CredentialType, string SubjectType);
}

/// <summary>Small readers over untrusted JSON that never throw.</summary>
internal static class Json
{
    public static string? String(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Reads a JSON number whether the node was parsed or built from a CLR value.</summary>
    public static bool TryNumber(JsonNode? node, out double value)
    {
        value = 0;
        return node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
            && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static string? IdOf(JsonNode? node) => node is JsonObject o ? String(o["id"]) : String(node);

    public static string? TypeOf(JsonNode? node) => node is JsonArray a && a.Count == 1 ? String(a[0]) : String(node);

    public static bool HasType(JsonNode? node, string type) => node is JsonArray a ? a.Any(t => String(t) == type) : String(node) == type;

    /// <summary>Reads an optional date-time: absent is fine (null), present must parse.</summary>
    public static bool TryTime(JsonNode? node, out DateTimeOffset? value)
    {
        value = null;
        if (node is null)
        {
            return true;
        }

        if (XsdDateTime.TryParse(String(node), out var t))
        {
            value = t;
            return true;
        }

        return false;
    }
}
