using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Presentations;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Verification;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MicroCredentials.Signing.VcApi;

/// <summary>The endpoint logic, separated from the routing so each answer is easy to read.</summary>
public sealed class VcApiService : IStatusListResolver
{
    private readonly VcApiOptions _options;
    private readonly VcApiBackendProvider _backend;
    private readonly CredentialVerifier _verifier;
    private readonly PresentationVerifier _presentations;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _publishGate = new(1, 1);
    private PublishedList? _published;

    /// <summary>Creates the service logic.</summary>
    public VcApiService(IOptions<VcApiOptions> options, VcApiBackendProvider backend, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _backend = backend;
        _time = time;
        _verifier = new CredentialVerifier(new CredentialVerifierOptions
        {
            // Only the service's own list is resolvable (it is read straight from the store, never over the network).
            StatusListResolver = this,
            TrustedStatusListIssuers = _options.TrustedStatusListIssuers,
        });
        _presentations = new PresentationVerifier(_verifier);
    }

    /// <summary><c>POST /credentials/issue</c>: <c>{credential, options}</c> → 201 <c>{verifiableCredential}</c>.</summary>
    public async Task<IResult> IssueAsync(JsonObject body, CancellationToken ct)
    {
        if (body["credential"] is not JsonObject credential)
        {
            return Problems.Invalid("the body must be {\"credential\": {...}, \"options\": {...}}");
        }

        var backend = await _backend.GetAsync().ConfigureAwait(false);
        credential = (JsonObject)credential.DeepClone();
        var issuerId = credential["issuer"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonObject o => (string?)o["id"],
            _ => null,
        };
        if (issuerId is null)
        {
            credential["issuer"] = backend.Key.Controller;
        }
        else if (issuerId != backend.Key.Controller)
        {
            return Problems.Create(400, Problems.InvalidIssuer, $"this service issues as {backend.Key.Controller}, not {issuerId}");
        }

        var options = body["options"] as JsonObject;
        try
        {
            var suite = (options?["cryptosuite"] as JsonValue)?.GetValue<string>() is { } name
                ? CryptosuiteRegistry.FindByName(name) ?? throw new ArgumentException($"unknown cryptosuite '{name}'")
                : Cryptosuite.EddsaRdfc2022;
            if (options?["credentialStatus"] is JsonObject { } requested)
            {
                if ((string?)requested["type"] != "BitstringStatusListEntry")
                {
                    return Problems.Invalid($"options.credentialStatus.type must be BitstringStatusListEntry, not '{(string?)requested["type"]}'");
                }

                // A credential with a status needs an id, so POST /credentials/status can name it later.
                if (credential["id"] is null)
                {
                    credential["id"] = "urn:uuid:" + Guid.NewGuid();
                }
                else if (credential["id"] is not JsonValue idValue || !idValue.TryGetValue<string>(out var id))
                {
                    return Problems.Invalid("credential.id must be a string");
                }
                else if (await backend.Index.FindAsync(id, ct).ConfigureAwait(false) is not null)
                {
                    return Problems.Create(409, Problems.DuplicateCredential, $"a credential with the id '{id}' was already issued with a status");
                }

                var entry = await backend.Lists.AddStatusAsync(credential, _options.StatusListUrl, ct).ConfigureAwait(false);
                await backend.Index.AddAsync((string)credential["id"]!, entry, ct).ConfigureAwait(false);
            }

            var signed = await backend.Issuer.SignAsync(credential, backend.Key.CreateSigner(), suite, null, ct).ConfigureAwait(false);
            return Results.Json(new JsonObject { ["verifiableCredential"] = signed }, statusCode: 201);
        }
        catch (ArgumentException ex)
        {
            return Problems.Invalid(ex.Message);
        }
        catch (System.Data.Common.DbException) when (credential["id"] is not null)
        {
            // The primary key of the index: two requests raced with the same credential id.
            return Problems.Create(409, Problems.DuplicateCredential, $"a credential with the id '{(string?)credential["id"]}' was already issued with a status");
        }
        catch (DataIntegrityException ex)
        {
            return Problems.Create(400, ex.Code, ex.Message);
        }
        catch (StatusListException ex)
        {
            return Problems.Create(ex.Code == StatusErrorCodes.ListFull ? 503 : 400, ex.Code, ex.Message);
        }
    }

    /// <summary><c>POST /credentials/verify</c>: 200 when verified, 400 with problem details when not.</summary>
    public async Task<IResult> VerifyCredentialAsync(JsonObject body, CancellationToken ct)
    {
        var report = body["verifiableCredential"] switch
        {
            JsonObject vc => await _verifier.VerifyAsync(vc, cancellationToken: ct).ConfigureAwait(false),
            JsonValue v when v.TryGetValue<string>(out var jwt) => await _verifier.VerifyAsync(jwt, cancellationToken: ct).ConfigureAwait(false),
            _ => null,
        };
        return report is null
            ? Problems.Invalid("the body must be {\"verifiableCredential\": {...}, \"options\": {...}}")
            : VerificationResult(report.Verified, report.ToJson(), report.Failures);
    }

    /// <summary><c>POST /presentations/verify</c>: <c>{verifiablePresentation, options: {challenge, domain}}</c>.</summary>
    public async Task<IResult> VerifyPresentationAsync(JsonObject body, CancellationToken ct)
    {
        if (body["verifiablePresentation"] is not JsonObject vp)
        {
            return Problems.Invalid("the body must be {\"verifiablePresentation\": {...}, \"options\": {...}}");
        }

        var options = body["options"] as JsonObject;
        string? challenge, domain;
        try
        {
            challenge = (options?["challenge"] as JsonValue)?.GetValue<string>();
            domain = (options?["domain"] as JsonValue)?.GetValue<string>();
        }
        catch (InvalidOperationException)
        {
            return Problems.Invalid("options.challenge and options.domain must be strings");
        }

        var report = await _presentations.VerifyAsync(vp, new PresentationVerifyOptions { Challenge = challenge, Domain = domain }, ct).ConfigureAwait(false);
        var failures = report.Checks.Concat(report.Credentials.SelectMany(c => c.Failures)).Where(c => c.Status == CheckStatus.Failed);
        return VerificationResult(report.Verified, report.ToJson(), failures);
    }

    /// <summary>
    /// <c>POST /credentials/status</c>, as the VC API defines it: <c>{credentialId, credentialStatus: [{type, status}]}</c>
    /// with status <c>revoked</c> or <c>active</c>; 200 when done, 404 when this service did not issue the id with a
    /// status. Also accepted: <c>{credentialStatus: {…the entry…}, status: 0|1}</c>.
    /// </summary>
    public async Task<IResult> UpdateStatusAsync(JsonObject body, CancellationToken ct)
    {
        var backend = await _backend.GetAsync().ConfigureAwait(false);
        JsonObject entry;
        int status;
        if (body["credentialId"] is JsonValue idValue && idValue.TryGetValue<string>(out var credentialId)
            && body["credentialStatus"] is JsonArray { Count: 1 } changes && changes[0] is JsonObject change)
        {
            status = (string?)change["status"] switch
            {
                "revoked" => 1,
                "active" => 0,
                _ => -1,
            };
            if (status < 0 || (string?)change["type"] is not ("BitstringStatusListCredential" or "BitstringStatusListEntry"))
            {
                return Problems.Invalid("credentialStatus[0] must be {\"type\": \"BitstringStatusListCredential\", \"status\": \"revoked\"|\"active\"}");
            }

            if (await backend.Index.FindAsync(credentialId, ct).ConfigureAwait(false) is not { } found)
            {
                return Problems.Create(404, Problems.CredentialNotFound, $"this service issued no credential '{credentialId}' with a status");
            }

            entry = found;
        }
        else if (body["credentialStatus"] is JsonObject direct && body["status"] is JsonValue v && v.TryGetValue<int>(out status))
        {
            entry = direct;
        }
        else
        {
            return Problems.Invalid("the body must be {\"credentialId\": \"…\", \"credentialStatus\": [{\"type\": \"BitstringStatusListCredential\", \"status\": \"revoked\"}]}");
        }

        try
        {
            await backend.Lists.SetStatusAsync(entry, status, ct).ConfigureAwait(false);
            return Results.Ok(new JsonObject { ["updated"] = true });
        }
        catch (StatusListException ex)
        {
            return Problems.Create(400, ex.Code, ex.Message);
        }
    }

    /// <summary>
    /// <c>GET</c> the status list: the signed <c>BitstringStatusListCredential</c> with a strong <c>ETag</c> (a digest
    /// of the list's bits, so it changes exactly when a status changes), <c>Cache-Control: max-age</c> from the
    /// list's <c>ttl</c>, and 304 for a matching <c>If-None-Match</c>.
    /// </summary>
    public async Task<IResult> StatusListAsync(HttpContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Path != new Uri(_options.StatusListUrl).AbsolutePath)
        {
            return Problems.Create(404, Problems.NotFound, $"no status list at {context.Request.Path}");
        }

        var list = await CurrentListAsync(ct).ConfigureAwait(false);
        var headers = context.Response.GetTypedHeaders();
        headers.ETag = list.ETag;
        headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromSeconds(_options.StatusListTtlSeconds) };
        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(list.ETag, useStrongComparison: false)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(list.Json, "application/vc+ld+json");
    }

    /// <summary>The issuer's public verification method.</summary>
    public async Task<IResult> IssuerDocumentAsync() => Results.Json((await _backend.GetAsync().ConfigureAwait(false)).Key.ToVerificationMethodJson());

    /// <inheritdoc/>
    public async Task<StatusListDocument> ResolveAsync(string url, CancellationToken cancellationToken = default)
    {
        if (url != _options.StatusListUrl)
        {
            throw new StatusListException(StatusErrorCodes.StatusRetrievalError, $"'{url}' is not a status list of this service, and it fetches nothing else");
        }

        // Checked against the store each time, so it is always current: a zero max-age keeps the verifier's cache
        // from serving a list older than a revocation made a moment ago through POST /credentials/status.
        var list = await CurrentListAsync(cancellationToken).ConfigureAwait(false);
        return new StatusListDocument(JsonNode.Parse(list.Json)!.AsObject(), TimeSpan.Zero);
    }

    /// <summary>
    /// The signed list for the store's current bits: re-signed only when the bits changed or the signed copy is
    /// older than half its ttl, so every node serves the same bytes (and ETag) for the same state.
    /// </summary>
    private async Task<PublishedList> CurrentListAsync(CancellationToken ct)
    {
        var backend = await _backend.GetAsync().ConfigureAwait(false);
        var bits = await backend.Store.ReadListAsync(_options.StatusListUrl, ct).ConfigureAwait(false);
        var digest = SHA256.HashData(bits.Bits);
        var now = _time.GetUtcNow();
        var ttl = TimeSpan.FromSeconds(_options.StatusListTtlSeconds);
        if (_published is { } current && current.Digest.AsSpan().SequenceEqual(digest) && now - current.SignedAt < ttl / 2)
        {
            return current;
        }

        await _publishGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_published is { } again && again.Digest.AsSpan().SequenceEqual(digest) && now - again.SignedAt < ttl / 2)
            {
                return again;
            }

            var json = await backend.Issuer.PublishStatusListAsync(_options.StatusListUrl, backend.Key.CreateSigner(), Cryptosuite.EddsaRdfc2022,
                new StatusListCredentialOptions { Issuer = backend.Key.Controller, TimeToLive = ttl, ValidUntil = now + (2 * ttl) }, ct).ConfigureAwait(false);

            // The list may have changed between the read and the publication: tag what was published.
            var published = BitstringStatusList.Decode((string)json["credentialSubject"]!["encodedList"]!);
            var publishedDigest = SHA256.HashData(published.Bits);
            var etag = new EntityTagHeaderValue("\"" + Convert.ToBase64String(publishedDigest, 0, 18).Replace('+', '-').Replace('/', '_') + "\"");
            _published = new PublishedList(publishedDigest, System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()), etag, now);
            return _published;
        }
        finally
        {
            _publishGate.Release();
        }
    }

    private static IResult VerificationResult(bool verified, JsonObject report, IEnumerable<VerificationCheck> failures)
    {
        var problems = new JsonArray();
        foreach (var f in failures)
        {
            problems.Add(new JsonObject { ["type"] = "https://w3id.org/security#" + f.Code, ["title"] = f.Code, ["detail"] = f.Message });
        }

        var body = new JsonObject
        {
            ["verified"] = verified,
            ["results"] = report,
            ["problemDetails"] = problems,
        };
        return Results.Json(body, statusCode: verified ? 200 : 400);
    }

    private sealed record PublishedList(byte[] Digest, byte[] Json, EntityTagHeaderValue ETag, DateTimeOffset SignedAt);
}
