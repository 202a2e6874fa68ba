using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Baking;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Jose;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Mapping;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Status;

namespace MicroCredentials.Signing.Verification;

/// <summary>
/// Verifies Open Badges 3.0 credentials end to end: whatever a learner presents (JSON, a compact VC-JWT, a baked PNG
/// or SVG) gets one report with a check per step of OB 3.0's "Verification and Validation" and VC Data Model 2.0.
/// Thread-safe and reusable: processed JSON-LD contexts are cached for the verifier's lifetime.
/// </summary>
/// <remarks>
/// Order: parsing → context (JSON-LD safe mode) → type → schema → proof (and issuer–key binding) → validity window
/// → status (only after a verified proof) → refresh (opt-in) → endorsements (recursive, bounded, only after a verified
/// proof) → EU completeness
/// (warning) → recipient (optional). Hostile input never throws: every failure is a failed check with a code.
/// </remarks>
public sealed class CredentialVerifier
{
    private const string Vc1Context = "https://www.w3.org/2018/credentials/v1";
    private const string Vc2Context = "https://www.w3.org/ns/credentials/v2";
    private const string ObContextPrefix = "https://purl.imsglobal.org/spec/ob/v3p0/context";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly CredentialVerifierOptions _options;
    private readonly JsonLdProcessor _jsonLd;
    private readonly ProofCanonicalizer _canonicalizer;

    internal ProofCanonicalizer Canonicalizer => _canonicalizer;
    private readonly IJwtKeyResolver _jwtKeys;
    private readonly CredentialStatusVerifier? _status;

    /// <summary>Creates a verifier; with no options it is fully offline (bundled contexts, did:key, no status lists).</summary>
    public CredentialVerifier(CredentialVerifierOptions? options = null)
    {
        _options = options ?? new CredentialVerifierOptions();
        _jsonLd = new JsonLdProcessor(_options.DocumentLoader);
        // One processor for the context check and the proofs, so each context is processed once per verifier.
        _canonicalizer = ProofCanonicalizer.Create(_jsonLd);
        _jwtKeys = _options.JwtKeyResolver ?? new VerificationMethodJwtKeyResolver(_options.MethodResolver);
        if (_options.StatusListResolver is { } resolver)
        {
            _status = CredentialStatusVerifier.CreateDefault(
                resolver,
                VerifyStatusListProofAsync,
                new StatusCheckerOptions { TrustedStatusListIssuers = _options.TrustedStatusListIssuers, ClockSkew = _options.ClockSkew, MinimumEntries = _options.MinimumStatusListEntries },
                _options.TimeProvider);
        }
    }

    /// <summary>The options this verifier was built with.</summary>
    public CredentialVerifierOptions Options => _options;

    /// <summary>Verifies input given as text: a JSON credential, a compact JWT, or an SVG badge.</summary>
    public Task<VerificationReport> VerifyAsync(string input, VerifyOptions? verifyOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return VerifyAsync(Encoding.UTF8.GetBytes(input), verifyOptions, cancellationToken);
    }

    /// <summary>Verifies input given as bytes: JSON, a compact JWT, or a baked PNG or SVG badge (sniffed).</summary>
    public async Task<VerificationReport> VerifyAsync(ReadOnlyMemory<byte> input, VerifyOptions? verifyOptions = null, CancellationToken cancellationToken = default)
    {
        verifyOptions ??= VerifyOptions.Default;
        var checks = new List<VerificationCheck>();
        try
        {
            var format = BadgeBaker.DetectFormat(input.Span);
            string text;
            string inputFormat;
            if (format is { } imageFormat)
            {
                inputFormat = imageFormat == BadgeImageFormat.Png ? "png" : "svg";
                if (!BadgeBaker.TryExtract(input.Span, out var baked, out var error, _options.Limits.Baking))
                {
                    checks.Add(VerificationCheck.Fail(VerificationSteps.Parsing, error!.Code, error.Message));
                    return new VerificationReport(inputFormat, checks, null, []);
                }

                checks.Add(VerificationCheck.Pass(VerificationSteps.Parsing, VerificationCodes.Ok, $"extracted the credential baked into the {inputFormat.ToUpperInvariant()} image"));
                text = baked!.Text;
            }
            else
            {
                if (input.Length > _options.Limits.Json.MaxBytes)
                {
                    checks.Add(VerificationCheck.Fail(VerificationSteps.Parsing, JsonInputException.TooLarge, $"input of {input.Length} bytes exceeds the limit of {_options.Limits.Json.MaxBytes}"));
                    return new VerificationReport("unknown", checks, null, []);
                }

                try
                {
                    text = StrictUtf8.GetString(input.Span);
                }
                catch (DecoderFallbackException)
                {
                    // Never repair: bytes another parser would read differently must not verify as the repaired text.
                    checks.Add(VerificationCheck.Fail(VerificationSteps.Parsing, JsonInputException.InvalidJson, "the input is neither an image nor valid UTF-8 text"));
                    return new VerificationReport("unknown", checks, null, []);
                }

                inputFormat = LooksLikeJwt(text) ? "jwt" : "json";
            }

            return await VerifyTextAsync(text, inputFormat, checks, 0, verifyOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Fail closed: a bug or an unforeseen input must never turn into an exception for the caller or a pass.
            checks.Add(VerificationCheck.Fail(VerificationSteps.Parsing, VerificationCodes.InternalError, ex.GetType().Name + ": " + ex.Message));
            return new VerificationReport("unknown", checks, null, []);
        }
    }

    /// <summary>Verifies a credential already parsed as JSON (it is not modified).</summary>
    public Task<VerificationReport> VerifyAsync(JsonObject credential, VerifyOptions? verifyOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        string text;
        try
        {
            text = credential.ToJsonString();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NotSupportedException or System.Text.Json.JsonException)
        {
            // A JsonObject can hold values JSON cannot (NaN, infinities): report, never throw.
            var check = VerificationCheck.Fail(VerificationSteps.Parsing, JsonInputException.InvalidJson, "the credential cannot be written as JSON: " + ex.Message, "$");
            return Task.FromResult(new VerificationReport("json", [check], null, []));
        }

        // Through the byte path: the same input limits and the same fail-closed guard as any other input.
        return VerifyAsync(Encoding.UTF8.GetBytes(text), verifyOptions, cancellationToken);
    }

    private async Task<VerificationReport> VerifyTextAsync(string text, string inputFormat, List<VerificationCheck> checks, int depth, VerifyOptions verifyOptions, CancellationToken ct)
    {
        JsonObject credential;
        JwtVerificationResult? jwt = null;
        if (LooksLikeJwt(text))
        {
            inputFormat = inputFormat == "json" ? "jwt" : inputFormat;
            var trimmed = text.Trim();
            if (trimmed.Length > _options.Limits.MaxJwtLength)
            {
                checks.Add(VerificationCheck.Fail(VerificationSteps.Parsing, JwtErrorCodes.TooLarge, $"JWT of {trimmed.Length} characters exceeds the limit of {_options.Limits.MaxJwtLength}"));
                return new VerificationReport(inputFormat, checks, null, []);
            }

            jwt = await VcJwt.VerifyAsync(trimmed, _jwtKeys, new JwtVerificationOptions
            {
                TimeProvider = _options.TimeProvider,
                ClockSkew = _options.ClockSkew,
                MaxTokenLength = _options.Limits.MaxJwtLength,
                PayloadLimits = _options.Limits.Json,
            }, ct).ConfigureAwait(false);
            if (jwt.Credential is null)
            {
                checks.Add(VerificationCheck.Fail(VerificationSteps.Parsing, jwt.ErrorCode ?? JwtErrorCodes.Malformed, jwt.Message));
                return new VerificationReport(inputFormat, checks, null, []);
            }

            credential = jwt.Credential;
            checks.Add(VerificationCheck.Pass(VerificationSteps.Parsing, VerificationCodes.Ok, $"read a VC-JWT ({jwt.Format})"));
        }
        else
        {
            var parsed = SafeJson.TryParse(text, _options.Limits.Json);
            if (!parsed.Success)
            {
                checks.Add(VerificationCheck.Fail(VerificationSteps.Parsing, parsed.ErrorCode!, parsed.Error!.Message, parsed.JsonPath));
                return new VerificationReport(inputFormat, checks, null, []);
            }

            if (parsed.Value is not JsonObject obj)
            {
                checks.Add(VerificationCheck.Fail(VerificationSteps.Parsing, VerificationCodes.NotAnObject, "a credential must be a JSON object", "$"));
                return new VerificationReport(inputFormat, checks, null, []);
            }

            credential = obj;
            if (checks.Count == 0)
            {
                checks.Add(VerificationCheck.Pass(VerificationSteps.Parsing, VerificationCodes.Ok, "read a JSON credential within the input limits"));
            }
        }

        var endorsements = new List<VerificationReport>();
        await RunChecksAsync(credential, jwt, checks, endorsements, depth, verifyOptions, ct).ConfigureAwait(false);
        return new VerificationReport(inputFormat, checks, (JsonObject)credential.DeepClone(), endorsements);
    }

    private async Task RunChecksAsync(JsonObject credential, JwtVerificationResult? jwt, List<VerificationCheck> checks, List<VerificationReport> endorsements, int depth, VerifyOptions verifyOptions, CancellationToken ct)
    {
        var types = Strings(credential["type"]);
        var isEndorsement = types.Contains("EndorsementCredential");
        var isVc1 = Strings(credential["@context"]).FirstOrDefault() == Vc1Context;

        await CheckContextAsync(credential, types, checks, ct).ConfigureAwait(false);
        CheckType(types, checks);
        CheckSchema(credential, checks);
        var proofVerified = jwt is not null
            ? CheckJwtProof(jwt, credential, checks)
            : await CheckDataIntegrityProofsAsync(credential, checks, ct).ConfigureAwait(false);
        CheckValidityWindow(credential, isVc1, checks);
        await CheckStatusAsync(credential, proofVerified, checks, ct).ConfigureAwait(false);
        await CheckRefreshAsync(credential, proofVerified, depth, checks, ct).ConfigureAwait(false);
        await CheckEndorsementsAsync(credential, proofVerified, depth, checks, endorsements, ct).ConfigureAwait(false);
        CheckEuCompleteness(credential, isEndorsement, checks);
        CheckRecipient(credential, verifyOptions, checks);
    }

    /// <summary>The base-context, OB-context and JSON-LD surface checks, shared with the presentation verifier.</summary>
    internal async Task CheckContextAsync(JsonObject credential, List<string> types, List<VerificationCheck> checks, CancellationToken ct)
    {
        var contexts = credential["@context"] switch
        {
            JsonArray a => a.ToList(),
            JsonNode n => [n],
            null => [],
        };
        var first = contexts.Count > 0 && contexts[0] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (first is not (Vc1Context or Vc2Context))
        {
            checks.Add(VerificationCheck.Fail(VerificationSteps.Context, VerificationCodes.InvalidBaseContext,
                $"the first @context must be '{Vc2Context}' or '{Vc1Context}', found '{first ?? "(none)"}'", "$['@context'][0]"));
        }

        else if (first == Vc1Context)
        {
            checks.Add(VerificationCheck.Warn(VerificationSteps.Context, VerificationCodes.LegacyDataModel,
                "the credential uses VC Data Model 1.1; Open Badges 3.0 credentials are now issued on VC Data Model 2.0", "$['@context'][0]"));
        }

        var needsOb = types.Contains("AchievementCredential") || types.Contains("OpenBadgeCredential") || types.Contains("EndorsementCredential");
        if (needsOb && !contexts.Any(c => c is JsonValue cv && cv.TryGetValue<string>(out var u) && u.StartsWith(ObContextPrefix, StringComparison.Ordinal)))
        {
            checks.Add(VerificationCheck.Fail(VerificationSteps.Context, VerificationCodes.MissingObContext,
                "an Open Badges 3.0 credential must include the OB 3.0 context", "$['@context']"));
        }

        try
        {
            var audit = new SurfaceAudit(SurfaceVocabularies.For(first));
            await _jsonLd.ExpandAsync(credential, new JsonLdOptions { SafeMode = true, Surface = audit }, ct).ConfigureAwait(false);
            if (audit.Count == 0)
            {
                checks.Add(VerificationCheck.Pass(VerificationSteps.Context, VerificationCodes.Ok, "every term expands under the credential's contexts (JSON-LD safe mode), each spelled as the credential vocabularies spell it"));
            }

            foreach (var violation in audit.Violations)
            {
                checks.Add(VerificationCheck.Fail(VerificationSteps.Context, VerificationCodes.NoncanonicalShape, violation.Message, violation.JsonPath));
            }

            if (audit.Count > audit.Violations.Count)
            {
                checks.Add(VerificationCheck.Fail(VerificationSteps.Context, VerificationCodes.NoncanonicalShape, $"{audit.Count - audit.Violations.Count} more places where the JSON differs from its data"));
            }
        }
        catch (JsonLdException ex)
        {
            var code = ex.Code switch
            {
                "loading remote context failed" => VerificationCodes.UnknownContext,
                "context overflow" or JsonLdErrorCodes.LimitExpansionDepth or JsonLdErrorCodes.LimitWork => VerificationCodes.ContextLimitExceeded,
                _ => VerificationCodes.JsonLdError,
            };
            checks.Add(VerificationCheck.Fail(VerificationSteps.Context, code, $"JSON-LD ({ex.Code}): {ex.Message}", ex.JsonPath));
        }
    }

    private static void CheckType(List<string> types, List<VerificationCheck> checks)
    {
        if (!types.Contains("VerifiableCredential"))
        {
            checks.Add(VerificationCheck.Fail(VerificationSteps.Type, VerificationCodes.InvalidType, "type must include 'VerifiableCredential'", "$.type"));
        }
        else if (!types.Contains("AchievementCredential") && !types.Contains("OpenBadgeCredential") && !types.Contains("EndorsementCredential"))
        {
            checks.Add(VerificationCheck.Fail(VerificationSteps.Type, VerificationCodes.InvalidType,
                "type must include 'AchievementCredential' (or 'OpenBadgeCredential') or 'EndorsementCredential'", "$.type"));
        }
        else
        {
            checks.Add(VerificationCheck.Pass(VerificationSteps.Type, VerificationCodes.Ok, "type: " + string.Join(", ", types)));
        }
    }

    private void CheckSchema(JsonObject credential, List<VerificationCheck> checks)
    {
        if (!_options.ValidateSchema)
        {
            checks.Add(VerificationCheck.Skip(VerificationSteps.Schema, VerificationCodes.NotRequested, "schema validation disabled by the caller"));
            return;
        }

        var result = _options.SchemaValidator.Validate(credential);
        if (result.Valid)
        {
            checks.Add(VerificationCheck.Pass(VerificationSteps.Schema, VerificationCodes.Ok, "conforms to " + string.Join(", ", result.SchemasApplied)));
            return;
        }

        // One check per violation (bounded) so a UI can point at each offending path.
        foreach (var error in result.Errors.Take(25))
        {
            var code = error.Keyword == "schema.unknown-url" ? VerificationCodes.SchemaUnknown : VerificationCodes.SchemaInvalid;
            checks.Add(VerificationCheck.Fail(VerificationSteps.Schema, code, $"{error.Keyword}: {error.Message}", error.Path));
        }

        if (result.Errors.Count > 25)
        {
            checks.Add(VerificationCheck.Fail(VerificationSteps.Schema, VerificationCodes.SchemaInvalid, $"{result.Errors.Count - 25} more schema violations not listed"));
        }
    }

    private static bool CheckJwtProof(JwtVerificationResult jwt, JsonObject credential, List<VerificationCheck> checks)
    {
        if (jwt.Verified)
        {
            checks.Add(VerificationCheck.Pass(VerificationSteps.Proof, VerificationCodes.Ok, jwt.Message));
            if (credential["proof"] is not null)
            {
                checks.Add(VerificationCheck.Warn(VerificationSteps.Proof, VerificationCodes.NotApplicable, "the JWT payload also carries an embedded proof; only the JWS signature was relied on", "$.proof"));
            }

            return true;
        }

        checks.Add(VerificationCheck.Fail(VerificationSteps.Proof, jwt.ErrorCode ?? JwtErrorCodes.SignatureInvalid, jwt.Message));
        return false;
    }

    private async Task<bool> CheckDataIntegrityProofsAsync(JsonObject credential, List<VerificationCheck> checks, CancellationToken ct)
    {
        var proofCount = credential["proof"] switch
        {
            null => 0,
            JsonArray a => a.Count,
            _ => 1,
        };
        if (proofCount == 0)
        {
            checks.Add(VerificationCheck.Fail(VerificationSteps.Proof, VerificationCodes.ProofMissing, "the credential has no proof", "$.proof"));
            return false;
        }

        if (proofCount > _options.Limits.MaxProofs)
        {
            checks.Add(VerificationCheck.Fail(VerificationSteps.Proof, VerificationCodes.TooManyProofs, $"{proofCount} proofs exceed the limit of {_options.Limits.MaxProofs}", "$.proof"));
            return false;
        }

        if (DataIntegrityProofs.IssuerId(credential) is null)
        {
            // The proof layer binds the key to the issuer only when there is one; without it any key would do.
            checks.Add(VerificationCheck.Fail(VerificationSteps.Proof, VerificationCodes.IssuerMissing, "the credential names no issuer (a string or an object with an id), so no key can be bound to it", "$.issuer"));
            return false;
        }

        var result = await DataIntegrityProofs.VerifyAsync(credential, DataIntegrityOptions(), ct).ConfigureAwait(false);
        if (result.Proofs.Count == 0)
        {
            checks.Add(VerificationCheck.Fail(VerificationSteps.Proof, result.ErrorCode ?? DataIntegrityErrorCodes.MalformedProofError, result.Message ?? "no readable proof", "$.proof"));
            return false;
        }

        // OB 3.0: any valid proof suffices; the failing ones are still reported, as warnings.
        var anyVerified = result.Proofs.Any(p => p.Verified);
        foreach (var p in result.Proofs)
        {
            var path = proofCount > 1 ? $"$.proof[{p.Index}]" : "$.proof";
            var what = $"{p.Cryptosuite ?? "proof"} by {p.VerificationMethod ?? "(no verification method)"}";
            if (p.Verified)
            {
                checks.Add(VerificationCheck.Pass(VerificationSteps.Proof, VerificationCodes.Ok, what + " verified; its key is bound to the issuer", path));
                if (CryptosuiteRegistry.FindByName(p.Cryptosuite ?? string.Empty) is { CanSign: false } legacy)
                {
                    checks.Add(VerificationCheck.Warn(VerificationSteps.Proof, VerificationCodes.LegacyCryptosuite,
                        $"{legacy.Name} is a superseded proof suite; current issuers use eddsa-rdfc-2022", path));
                }
            }
            else if (anyVerified)
            {
                checks.Add(VerificationCheck.Warn(VerificationSteps.Proof, p.ErrorCode ?? DataIntegrityErrorCodes.ProofVerificationError, what + ": " + p.Message, path));
            }
            else
            {
                checks.Add(VerificationCheck.Fail(VerificationSteps.Proof, p.ErrorCode ?? DataIntegrityErrorCodes.ProofVerificationError, what + ": " + p.Message, path));
            }
        }

        return anyVerified;
    }

    private DataIntegrityVerificationOptions DataIntegrityOptions() => new()
    {
        Resolver = _options.MethodResolver,
        TimeProvider = _options.TimeProvider,
        MaxClockSkew = _options.ClockSkew,
        Canonicalizer = _canonicalizer,
    };

    private void CheckValidityWindow(JsonObject credential, bool isVc1, List<VerificationCheck> checks)
    {
        var now = _options.TimeProvider.GetUtcNow();
        var (fromName, untilName) = isVc1 ? ("issuanceDate", "expirationDate") : ("validFrom", "validUntil");
        var ok = true;
        if (!TryDate(credential, fromName, checks, out var from) | !TryDate(credential, untilName, checks, out var until))
        {
            return;
        }

        if (from is { } f && f - _options.ClockSkew > now)
        {
            ok = false;
            checks.Add(VerificationCheck.Fail(VerificationSteps.ValidityWindow, VerificationCodes.NotYetValid, $"{fromName} {Iso(f)} is in the future (now {Iso(now)})", "$." + fromName));
        }

        if (until is { } u && u + _options.ClockSkew < now)
        {
            ok = false;
            checks.Add(VerificationCheck.Fail(VerificationSteps.ValidityWindow, VerificationCodes.Expired, $"{untilName} {Iso(u)} has passed (now {Iso(now)})", "$." + untilName));
        }

        if (ok)
        {
            checks.Add(VerificationCheck.Pass(VerificationSteps.ValidityWindow, VerificationCodes.Ok,
                $"valid at {Iso(now)} ({fromName} {(from is { } ff ? Iso(ff) : "absent")}, {untilName} {(until is { } uu ? Iso(uu) : "absent")})"));
        }
    }

    private static bool TryDate(JsonObject credential, string name, List<VerificationCheck> checks, out DateTimeOffset? value)
    {
        value = null;
        var node = credential[name];
        if (node is null)
        {
            return true;
        }

        if (node is JsonValue v && v.TryGetValue<string>(out var s)
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        checks.Add(VerificationCheck.Fail(VerificationSteps.ValidityWindow, VerificationCodes.InvalidDate, $"{name} is not an ISO 8601 date-time", "$." + name));
        return false;
    }

    private async Task CheckStatusAsync(JsonObject credential, bool proofVerified, List<VerificationCheck> checks, CancellationToken ct)
    {
        if (credential["credentialStatus"] is null)
        {
            checks.Add(VerificationCheck.Skip(VerificationSteps.Status, VerificationCodes.NotApplicable, "the credential has no credentialStatus"));
            return;
        }

        if (!proofVerified)
        {
            checks.Add(VerificationCheck.Skip(VerificationSteps.Status, VerificationCodes.SkippedProofFailed, "status is only checked once a proof verified"));
            return;
        }

        if (_status is null)
        {
            checks.Add(VerificationCheck.Fail(VerificationSteps.Status, VerificationCodes.StatusUnresolvable,
                "the credential has a status entry but no status-list resolver was configured: its revocation status is unknown", "$.credentialStatus"));
            return;
        }

        var results = await _status.CheckAsync(credential, ct).ConfigureAwait(false);
        foreach (var r in results)
        {
            var where = r.StatusListUrl is null ? r.Type : $"{r.Type} {r.StatusListUrl}";
            if (!r.Determined)
            {
                checks.Add(VerificationCheck.Fail(VerificationSteps.Status, r.ErrorCode!, $"{where}: {r.Detail ?? r.Reason ?? "status could not be determined"}" + (r.Reason is null ? string.Empty : $" [{r.Reason}]"), "$.credentialStatus"));
            }
            else if (!r.Valid)
            {
                var code = r.Purpose == StatusPurposes.Suspension ? VerificationCodes.Suspended : VerificationCodes.Revoked;
                checks.Add(VerificationCheck.Fail(VerificationSteps.Status, code, $"{where}: {r.Purpose ?? "revocation"} status is set" + (r.Message is null ? string.Empty : $" ({r.Message})"), "$.credentialStatus"));
            }
            else
            {
                checks.Add(VerificationCheck.Pass(VerificationSteps.Status, VerificationCodes.Ok, $"{where}: not {(r.Purpose == StatusPurposes.Suspension ? "suspended" : "revoked")}" + (r.Message is null ? string.Empty : $" ({r.Message})")));
            }
        }
    }

    private async Task CheckRefreshAsync(JsonObject credential, bool proofVerified, int depth, List<VerificationCheck> checks, CancellationToken ct)
    {
        if (credential["refreshService"] is not JsonObject service)
        {
            return;
        }

        if (_options.RefreshHandler is null)
        {
            checks.Add(VerificationCheck.Skip(VerificationSteps.Refresh, VerificationCodes.NotRequested, "the credential offers a refresh service; refresh is opt-in and was not enabled", "$.refreshService"));
            return;
        }

        if (!proofVerified || depth > 0)
        {
            checks.Add(VerificationCheck.Skip(VerificationSteps.Refresh, VerificationCodes.SkippedProofFailed, "refresh runs once, only for a top-level credential whose proof verified", "$.refreshService"));
            return;
        }

        try
        {
            var refreshed = await _options.RefreshHandler(service, ct).ConfigureAwait(false);
            if (refreshed is null)
            {
                checks.Add(VerificationCheck.Warn(VerificationSteps.Refresh, VerificationCodes.RefreshFailed, "the refresh service returned nothing", "$.refreshService"));
                return;
            }

            // The refreshed credential is verified on its own, one level down, so refresh cannot loop.
            var report = await VerifyTextAsync(refreshed, LooksLikeJwt(refreshed) ? "jwt" : "json", [], depth + 1, VerifyOptions.Default, ct).ConfigureAwait(false);
            checks.Add(report.Verified
                ? VerificationCheck.Pass(VerificationSteps.Refresh, VerificationCodes.Ok, $"the refreshed credential {report.CredentialId} verified")
                : VerificationCheck.Warn(VerificationSteps.Refresh, VerificationCodes.RefreshFailed, "the refreshed credential did not verify: " + string.Join("; ", report.Failures.Select(f => f.Code))));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            checks.Add(VerificationCheck.Warn(VerificationSteps.Refresh, VerificationCodes.RefreshFailed, "refresh failed: " + ex.Message, "$.refreshService"));
        }
    }

    private async Task CheckEndorsementsAsync(JsonObject credential, bool proofVerified, int depth, List<VerificationCheck> checks, List<VerificationReport> endorsements, CancellationToken ct)
    {
        var found = new List<(string Path, string Text, string? EndorsedId)>();
        CollectEndorsements(credential, "$", found);
        if (credential["issuer"] is JsonObject issuer)
        {
            CollectEndorsements(issuer, "$.issuer", found);
        }

        if (credential["credentialSubject"] is JsonObject subject && subject["achievement"] is JsonObject achievement)
        {
            CollectEndorsements(achievement, "$.credentialSubject.achievement", found);
            if (achievement["creator"] is JsonObject creator)
            {
                CollectEndorsements(creator, "$.credentialSubject.achievement.creator", found);
            }
        }

        if (found.Count == 0)
        {
            return;
        }

        // Endorsements of a credential nobody signed prove nothing, and verifying them would let one unsigned request
        // buy up to MaxEndorsements × (1 + MaxEndorsements) full verifications (each up to the canonicalization budget).
        if (!proofVerified)
        {
            checks.Add(VerificationCheck.Skip(VerificationSteps.Endorsement, VerificationCodes.SkippedProofFailed,
                $"{found.Count} endorsement(s) not verified: endorsements are only checked once the credential's proof verified"));
            return;
        }

        if (depth >= _options.Limits.MaxEndorsementDepth)
        {
            checks.Add(VerificationCheck.Warn(VerificationSteps.Endorsement, VerificationCodes.EndorsementLimitExceeded,
                $"{found.Count} endorsement(s) nested deeper than {_options.Limits.MaxEndorsementDepth} levels were not verified"));
            return;
        }

        if (found.Count > _options.Limits.MaxEndorsements)
        {
            checks.Add(VerificationCheck.Fail(VerificationSteps.Endorsement, VerificationCodes.EndorsementLimitExceeded,
                $"{found.Count} endorsements exceed the limit of {_options.Limits.MaxEndorsements}"));
            return;
        }

        foreach (var (path, text, endorsedId) in found)
        {
            var report = await VerifyTextAsync(text, LooksLikeJwt(text) ? "jwt" : "json", [], depth + 1, VerifyOptions.Default, ct).ConfigureAwait(false);
            endorsements.Add(report);
            if (!report.Verified)
            {
                checks.Add(VerificationCheck.Warn(VerificationSteps.Endorsement, VerificationCodes.EndorsementInvalid,
                    $"endorsement {report.CredentialId} did not verify: " + string.Join("; ", report.Failures.Select(f => f.Code).Distinct()), path));
                continue;
            }

            // A genuine endorsement of something else (copied from another issuer's profile) must not read as one of this.
            var subjects = EndorsementSubjects(report.Credential);
            if (endorsedId is null || subjects is null || subjects.Any(id => !string.Equals(id, endorsedId, StringComparison.Ordinal)))
            {
                checks.Add(VerificationCheck.Warn(VerificationSteps.Endorsement, VerificationCodes.EndorsementSubjectMismatch,
                    $"endorsement {report.CredentialId} by {report.IssuerId} is about '{(subjects is null ? "(no subject id)" : string.Join(", ", subjects))}', not the endorsed object '{endorsedId ?? "(no id)"}'", path));
                continue;
            }

            checks.Add(VerificationCheck.Pass(VerificationSteps.Endorsement, VerificationCodes.Ok, $"endorsement {report.CredentialId} by {report.IssuerId} of {endorsedId} verified", path));
        }
    }

    private static void CollectEndorsements(JsonObject holder, string path, List<(string Path, string Text, string? EndorsedId)> found)
    {
        // The endorsed object's own id: an endorsement is about that object only if its subject is that id.
        var endorsedId = Str(holder["id"]);
        if (holder["endorsement"] is JsonArray list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is JsonObject e)
                {
                    found.Add(($"{path}.endorsement[{i}]", e.ToJsonString(), endorsedId));
                }
            }
        }

        if (holder["endorsementJwt"] is JsonArray jwts)
        {
            for (var i = 0; i < jwts.Count; i++)
            {
                if (jwts[i] is JsonValue v && v.TryGetValue<string>(out var s))
                {
                    found.Add(($"{path}.endorsementJwt[{i}]", s, endorsedId));
                }
            }
        }
    }

    /// <summary>The subject ids of a verified endorsement, or null when one of its subjects has none.</summary>
    private static List<string>? EndorsementSubjects(JsonObject? endorsement)
    {
        var subjects = endorsement?["credentialSubject"] switch
        {
            JsonArray a => a.ToList(),
            JsonNode n => [n],
            null => [],
        };
        var ids = new List<string>();
        foreach (var subject in subjects)
        {
            if (subject is not JsonObject o || Str(o["id"]) is not { } id)
            {
                return null;
            }

            ids.Add(id);
        }

        return ids.Count == 0 ? null : ids;
    }

    private static void CheckEuCompleteness(JsonObject credential, bool isEndorsement, List<VerificationCheck> checks)
    {
        if (isEndorsement)
        {
            checks.Add(VerificationCheck.Skip(VerificationSteps.EuCompleteness, VerificationCodes.NotApplicable, "endorsements are not micro-credentials"));
            return;
        }

        var read = OpenBadgesMapper.FromCredential(credential);
        if (read.IsComplete)
        {
            checks.Add(VerificationCheck.Pass(VerificationSteps.EuCompleteness, VerificationCodes.Ok, "carries every mandatory element of an EU micro-credential (Council Recommendation 2022, Annex I)"));
        }
        else
        {
            checks.Add(VerificationCheck.Warn(VerificationSteps.EuCompleteness, VerificationCodes.EuElementsMissing,
                "not a complete EU micro-credential; missing: " + string.Join(", ", read.MissingElements)));
        }
    }

    private static void CheckRecipient(JsonObject credential, VerifyOptions verifyOptions, List<VerificationCheck> checks)
    {
        if (verifyOptions.RecipientIdentity is not { } identity)
        {
            return;
        }

        var identifiers = credential["credentialSubject"] is JsonObject subject
            ? subject["identifier"] switch { JsonArray a => a.OfType<JsonObject>().ToList(), JsonObject o => [o], _ => [] }
            : [];
        if (identifiers.Count == 0)
        {
            checks.Add(VerificationCheck.Fail(VerificationSteps.Recipient, VerificationCodes.RecipientUnknown, "credentialSubject has no identifier to compare the holder with", "$.credentialSubject.identifier"));
            return;
        }

        foreach (var id in identifiers)
        {
            var hash = Str(id["identityHash"]);
            if (hash is null)
            {
                continue;
            }

            var hashed = id["hashed"] is JsonValue hv && hv.TryGetValue<bool>(out var b) && b;
            var matches = hashed
                ? IdentityHash.Matches(identity, Str(id["salt"]) ?? string.Empty, hash)
                : string.Equals(hash, identity, StringComparison.OrdinalIgnoreCase);
            if (matches)
            {
                checks.Add(VerificationCheck.Pass(VerificationSteps.Recipient, VerificationCodes.Ok, "the holder's identity matches the credential subject"));
                return;
            }
        }

        checks.Add(VerificationCheck.Fail(VerificationSteps.Recipient, VerificationCodes.RecipientMismatch, "the holder's identity does not match any identifier of the credential subject", "$.credentialSubject.identifier"));
    }

    private async Task<StatusListProofCheck> VerifyStatusListProofAsync(JsonObject statusListCredential, CancellationToken ct)
    {
        var result = await DataIntegrityProofs.VerifyAsync(statusListCredential, DataIntegrityOptions(), ct).ConfigureAwait(false);
        return new StatusListProofCheck(result.Verified, result.Verified ? null : result.ErrorCode ?? result.Proofs.FirstOrDefault(p => !p.Verified)?.ErrorCode);
    }

    private static bool LooksLikeJwt(string text)
    {
        var t = text.AsSpan().Trim();
        if (t.IsEmpty || t[0] == '{' || t[0] == '<')
        {
            return false;
        }

        var dots = 0;
        foreach (var c in t)
        {
            if (c == '.')
            {
                dots++;
            }
            else if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return dots == 2;
    }

    private static List<string> Strings(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        JsonArray a => a.OfType<JsonValue>().Select(x => x.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList(),
        _ => [],
    };

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
