using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Json;

namespace MicroCredentials.Signing.Verification;

/// <summary>What the verifier asked the holder to prove.</summary>
public sealed record PresentationVerifyOptions
{
    /// <summary>The challenge the verifier issued; when set, the presentation proof must carry it.</summary>
    public string? Challenge { get; init; }

    /// <summary>The verifier's domain; when set, the presentation proof must carry it.</summary>
    public string? Domain { get; init; }

    /// <summary>What happens when a presented credential's subject is not the holder (a warning by default).</summary>
    public HolderBinding HolderBinding { get; init; } = HolderBinding.Warn;

    /// <summary>What each presented credential is verified for (a recipient identity, say); none by default.</summary>
    public VerifyOptions? Credentials { get; init; }
}

/// <summary>Whether the holder of a presentation must be the subject of every credential it presents.</summary>
public enum HolderBinding
{
    /// <summary>A credential about someone other than the holder is reported with a warning (<see cref="VerificationCodes.HolderNotSubject"/>).</summary>
    Warn = 0,

    /// <summary>A credential about someone other than the holder fails the presentation.</summary>
    Require = 1,
}

/// <summary>The outcome of verifying a presentation: its own checks and one report per credential.</summary>
public sealed class PresentationVerificationReport
{
    internal PresentationVerificationReport(IReadOnlyList<VerificationCheck> checks, IReadOnlyList<VerificationReport> credentials, string? holder)
    {
        Checks = checks;
        Credentials = credentials;
        Holder = holder;
        Verified = checks.Count > 0 && !checks.Any(c => c.Status == CheckStatus.Failed) && credentials.All(c => c.Verified);

        // The worst of the presentation's own checks and its credentials': one bad part fails it; otherwise a fact
        // that could not be established anywhere (the holder's key, a credential's status) leaves it indeterminate.
        Outcome = VerificationReport.OutcomeOf(Verified, checks.Count > 0 && credentials.All(c => c.Outcome != VerificationOutcome.Failed), checks);
    }

    /// <summary>
    /// Verified; failed (the presentation or one of its credentials was found bad); or indeterminate (nothing was
    /// found wrong, but a fact could not be established, such as an unresolvable holder key or credential status).
    /// </summary>
    public VerificationOutcome Outcome { get; }

    /// <summary>
    /// True when a presentation proof verified, its key's controller is <see cref="Holder"/>, and every credential
    /// verified. An unsigned presentation is never verified.
    /// </summary>
    public bool Verified { get; }

    /// <summary>The presentation's <c>holder</c>.</summary>
    public string? Holder { get; }

    /// <summary>The presentation-level checks (parsing, type, proof and holder binding).</summary>
    public IReadOnlyList<VerificationCheck> Checks { get; }

    /// <summary>One report per presented credential, in order.</summary>
    public IReadOnlyList<VerificationReport> Credentials { get; }

    /// <summary>The report as JSON.</summary>
    public JsonObject ToJson()
    {
        var checks = new JsonArray();
        foreach (var c in Checks)
        {
            checks.Add((JsonNode)c.ToJson());
        }

        var credentials = new JsonArray();
        foreach (var r in Credentials)
        {
            credentials.Add((JsonNode)r.ToJson());
        }

        return new JsonObject { ["verified"] = Verified, ["outcome"] = Outcome.ToString().ToLowerInvariant(), ["holder"] = Holder, ["checks"] = checks, ["credentials"] = credentials };
    }
}

/// <summary>
/// Verifies Verifiable Presentations: the holder's <c>authentication</c> proof (with the verifier's challenge and
/// domain, and the key bound to the holder), then every credential with a <see cref="CredentialVerifier"/>.
/// </summary>
public sealed class PresentationVerifier
{
    private const string EnvelopedJwtPrefix = "data:application/vc+jwt,";
    private const string EnvelopedType = "EnvelopedVerifiableCredential";
    private readonly CredentialVerifier _credentials;

    /// <summary>Creates a presentation verifier that checks credentials with <paramref name="credentialVerifier"/> (and uses its resolvers, clock and limits).</summary>
    public PresentationVerifier(CredentialVerifier credentialVerifier)
    {
        ArgumentNullException.ThrowIfNull(credentialVerifier);
        _credentials = credentialVerifier;
    }

    /// <summary>Verifies a presentation given as JSON text.</summary>
    public async Task<PresentationVerificationReport> VerifyAsync(string presentationJson, PresentationVerifyOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(presentationJson);
        var parsed = SafeJson.TryParse(Encoding.UTF8.GetBytes(presentationJson), _credentials.Options.Limits.Json);
        if (!parsed.Success || parsed.Value is not JsonObject vp)
        {
            var check = parsed.Success
                ? VerificationCheck.Fail(VerificationSteps.Parsing, VerificationCodes.NotAnObject, "a presentation must be a JSON object", "$")
                : VerificationCheck.Fail(VerificationSteps.Parsing, parsed.ErrorCode!, parsed.Error!.Message, parsed.JsonPath);
            return new PresentationVerificationReport([check], [], null);
        }

        return await VerifyAsync(vp, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Verifies a presentation (which is not modified).</summary>
    public async Task<PresentationVerificationReport> VerifyAsync(JsonObject presentation, PresentationVerifyOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        try
        {
            return await VerifyCoreAsync(presentation, options ?? new PresentationVerifyOptions(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Fail closed, as the credential verifier does: an unforeseen input is a failed check, never an exception or a pass.
            return new PresentationVerificationReport(
                [VerificationCheck.Fail(VerificationSteps.Parsing, VerificationCodes.InternalError, ex.GetType().Name + ": " + ex.Message)], [], null);
        }
    }

    private async Task<PresentationVerificationReport> VerifyCoreAsync(JsonObject presentation, PresentationVerifyOptions options, CancellationToken cancellationToken)
    {
        var checks = new List<VerificationCheck> { VerificationCheck.Pass(VerificationSteps.Parsing, VerificationCodes.Ok, "read a JSON presentation") };
        var holder = presentation["holder"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonObject o when o["id"] is JsonValue v2 && v2.TryGetValue<string>(out var s2) => s2,
            _ => null,
        };
        var types = Types(presentation["type"]);
        checks.Add(types.Contains("VerifiablePresentation")
            ? VerificationCheck.Pass(VerificationSteps.Type, VerificationCodes.Ok, "type: VerifiablePresentation")
            : VerificationCheck.Fail(VerificationSteps.Type, VerificationCodes.InvalidType, "type must include 'VerifiablePresentation'", "$.type"));

        // The same context and surface checks as for credentials: with @nest or an alias, `verifiableCredential`,
        // `holder` or the proof could sit where this verifier does not read them while the proof still covers them.
        var reports = new List<VerificationReport>();
        var vcs = presentation["verifiableCredential"] switch
        {
            JsonArray a => a.ToList(),
            JsonNode n => [n],
            null => [],
        };

        // Counting is cheap and expansion and proof checks are not: refuse an oversized presentation before either.
        var max = _credentials.Options.Limits.MaxPresentationCredentials;
        if (vcs.Count > max)
        {
            checks.Add(VerificationCheck.Fail(VerificationSteps.Parsing, VerificationCodes.PresentationLimitExceeded, $"{vcs.Count} credentials exceed the limit of {max}", "$.verifiableCredential"));
            return new PresentationVerificationReport(checks, reports, holder);
        }

        await _credentials.CheckContextAsync(presentation, types, checks, cancellationToken).ConfigureAwait(false);
        await CheckProofAsync(presentation, holder, options, checks, cancellationToken).ConfigureAwait(false);

        for (var i = 0; i < vcs.Count; i++)
        {
            var path = vcs.Count == 1 && presentation["verifiableCredential"] is not JsonArray ? "$.verifiableCredential" : $"$.verifiableCredential[{i}]";
            if (!TryCredentialText(vcs[i], path, checks, out var text))
            {
                continue;
            }

            var report = await _credentials.VerifyAsync(text, options.Credentials, cancellationToken).ConfigureAwait(false);
            reports.Add(report);
            CheckHolderIsSubject(holder, report, path, options.HolderBinding, checks);
        }

        return new PresentationVerificationReport(checks, reports, holder);
    }

    /// <summary>
    /// The text to verify for one presented credential: an embedded credential as JSON, an enveloped VC-JWT as its JWT.
    /// An envelope is accepted only in its envelope form, since only the JWT inside it is signed.
    /// </summary>
    private static bool TryCredentialText(JsonNode? vc, string path, List<VerificationCheck> checks, out string text)
    {
        text = string.Empty;
        var enveloped = vc is JsonObject o && (
            (o["id"] is JsonValue idv && idv.TryGetValue<string>(out var id) && id.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            || Types(o["type"]).Contains(EnvelopedType));
        if (!enveloped)
        {
            text = vc switch
            {
                JsonValue v when v.TryGetValue<string>(out var jwt) => jwt,
                _ => vc?.ToJsonString() ?? "null",
            };
            return true;
        }

        var envelope = (JsonObject)vc!;
        var envelopeId = envelope["id"] is JsonValue ev && ev.TryGetValue<string>(out var eid) ? eid : null;
        var extra = envelope.Select(kv => kv.Key).Where(k => k is not ("@context" or "id" or "type")).ToList();
        string? problem = null;
        if (extra.Count > 0)
        {
            problem = "an enveloped credential may hold only @context, id and type; it also holds " + string.Join(", ", extra);
        }
        else if (envelopeId is null || !envelopeId.StartsWith(EnvelopedJwtPrefix, StringComparison.Ordinal) || envelopeId.Length == EnvelopedJwtPrefix.Length)
        {
            problem = $"an enveloped credential's id must be a '{EnvelopedJwtPrefix}<compact JWT>' URL";
        }
        else if (Types(envelope["type"]) is not [EnvelopedType])
        {
            problem = $"an enveloped credential's type must be '{EnvelopedType}'";
        }

        if (problem is not null)
        {
            checks.Add(VerificationCheck.Fail(VerificationSteps.Parsing, VerificationCodes.InvalidEnvelope, problem, path));
            return false;
        }

        text = envelopeId![EnvelopedJwtPrefix.Length..];
        return true;
    }

    private static void CheckHolderIsSubject(string? holder, VerificationReport report, string path, HolderBinding binding, List<VerificationCheck> checks)
    {
        var subjects = report.Credential?["credentialSubject"] switch
        {
            JsonArray a => a.ToList(),
            JsonNode n => [n],
            null => [],
        };
        var named = subjects.Select(s => s is JsonObject so && so["id"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : null).ToList();
        var ids = named.OfType<string>().ToList();

        // Every subject must be the holder: a subject without an id could be anyone, so it does not count as the holder.
        if (holder is not null && ids.Count > 0 && ids.Count == named.Count && ids.All(id => string.Equals(id, holder, StringComparison.Ordinal)))
        {
            checks.Add(VerificationCheck.Pass(VerificationSteps.Holder, VerificationCodes.Ok, $"the holder {holder} is the credential's subject", path));
            return;
        }

        var message = ids.Count == 0
            ? $"the credential names no subject identifier, so nothing shows the holder '{holder ?? "(none)"}' is its subject"
            : ids.Count < named.Count && ids.All(id => string.Equals(id, holder, StringComparison.Ordinal))
                ? $"the credential has a subject without an identifier beside the holder '{holder}', so nothing shows the holder is every subject"
                : $"the credential is about {string.Join(", ", ids)}, not the holder '{holder ?? "(none)"}'";
        checks.Add(binding == HolderBinding.Require
            ? VerificationCheck.Fail(VerificationSteps.Holder, VerificationCodes.HolderNotSubject, message, path)
            : VerificationCheck.Warn(VerificationSteps.Holder, VerificationCodes.HolderNotSubject, message, path));
    }

    private static List<string> Types(JsonNode? type) => type switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        JsonArray a => a.Select(n => n is JsonValue tv && tv.TryGetValue<string>(out var t) ? t : null).OfType<string>().ToList(),
        _ => [],
    };

    private async Task CheckProofAsync(JsonObject presentation, string? holder, PresentationVerifyOptions options, List<VerificationCheck> checks, CancellationToken ct)
    {
        if (presentation["proof"] is null)
        {
            // Without a proof nothing ties the presenter to the credentials or the holder to anyone: never verified.
            checks.Add(VerificationCheck.Fail(VerificationSteps.Proof, VerificationCodes.ProofMissing, "the presentation is not signed: nothing shows the presenter holds the credentials or is the holder", "$.proof"));
            return;
        }

        var o = _credentials.Options;

        // Each proof re-canonicalizes the whole presentation, embedded credentials included: the same cap as for credentials.
        var proofCount = presentation["proof"] is JsonArray proofs ? proofs.Count : 1;
        if (proofCount > o.Limits.MaxProofs)
        {
            checks.Add(VerificationCheck.Fail(VerificationSteps.Proof, VerificationCodes.TooManyProofs, $"{proofCount} proofs exceed the limit of {o.Limits.MaxProofs}", "$.proof"));
            return;
        }

        var result = await DataIntegrityProofs.VerifyAsync(presentation, new DataIntegrityVerificationOptions
        {
            Resolver = o.MethodResolver,
            TimeProvider = o.TimeProvider,
            MaxClockSkew = o.ClockSkew,
            ExpectedPurpose = ProofPurpose.Authentication(options.Challenge, options.Domain),
            Canonicalizer = _credentials.Canonicalizer,
        }, ct).ConfigureAwait(false);
        if (!result.Verified)
        {
            var failed = result.Proofs.FirstOrDefault(p => !p.Verified);
            var code = failed?.ErrorCode ?? result.ErrorCode ?? DataIntegrityErrorCodes.ProofVerificationError;
            var message = failed?.Message ?? result.Message ?? "the presentation proof did not verify";

            // A holder key that could not be obtained (an unresolvable DID, say) shows nothing wrong with the presentation.
            checks.Add(failed is { Undetermined: true }
                ? VerificationCheck.Undetermined(VerificationSteps.Proof, code, message, "$.proof")
                : VerificationCheck.Fail(VerificationSteps.Proof, code, message, "$.proof"));
            return;
        }

        foreach (var proof in result.Proofs)
        {
            // The proof purpose check shows the key may authenticate for its controller; the holder must be that controller.
            var controller = await ControllerAsync(proof.VerificationMethod, o.MethodResolver, ct).ConfigureAwait(false);
            checks.Add(holder is not null && controller == holder
                ? VerificationCheck.Pass(VerificationSteps.Proof, VerificationCodes.Ok, $"authentication proof by {proof.VerificationMethod} verified for holder {holder}")
                : VerificationCheck.Fail(VerificationSteps.Proof, DataIntegrityErrorCodes.InvalidVerificationMethod, $"the proof's key belongs to '{controller}', not to the holder '{holder ?? "(none)"}'", "$.holder"));
        }
    }

    private static async Task<string?> ControllerAsync(string? verificationMethod, IVerificationMethodResolver resolver, CancellationToken ct)
    {
        if (verificationMethod is null)
        {
            return null;
        }

        try
        {
            return (await resolver.ResolveAsync(verificationMethod, ct).ConfigureAwait(false)).Method.Controller;
        }
        catch (VerificationMethodException)
        {
            return null;
        }
    }
}
