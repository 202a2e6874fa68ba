using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Keys;

using MicroCredentials.Signing.Rdf;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.DataIntegrity;

/// <summary>
/// Creates and verifies Data Integrity proofs (W3C VC Data Integrity 1.0 §4, with the EdDSA and ECDSA
/// cryptosuites' transformation, hashing and proof serialization): proof configuration → canonicalize it and the
/// document (without <c>proof</c>, or with the chained previous proofs) → hash(proof config) ‖ hash(document) →
/// sign → <c>proofValue</c> in base58btc multibase. Proof sets and chains (<c>previousProof</c>) are supported.
/// </summary>
public static class DataIntegrityProofs
{
    /// <summary>
    /// Signs <paramref name="unsignedDocument"/> and returns a new document with the proof appended (the input is not
    /// modified). Existing proofs stay; the new proof signs the document without them unless
    /// <see cref="ProofOptions.PreviousProof"/> names some, which are then included (a proof chain).
    /// </summary>
    /// <exception cref="ArgumentException">The suite cannot sign or does not accept the signer's key algorithm.</exception>
    /// <exception cref="DataIntegrityException">Canonicalization or signing failed, or a previous proof is missing.</exception>
    public static async Task<JsonObject> SignAsync(JsonObject unsignedDocument, ISigner signer, Cryptosuite suite, ProofOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unsignedDocument);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(suite);
        options ??= new ProofOptions();
        if (!suite.CanSign)
        {
            throw new ArgumentException($"{suite.Name} is verify-only.", nameof(suite));
        }

        if (!suite.Supports(signer.Algorithm))
        {
            throw new ArgumentException($"{suite.Name} does not accept {signer.Algorithm.Name} keys.", nameof(signer));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(signer.VerificationMethodId, nameof(signer));
        ArgumentNullException.ThrowIfNull(options.Purpose, nameof(options));

        var existing = ReadProofs(unsignedDocument["proof"]);
        var proof = BuildProof(suite, signer.VerificationMethodId, options);
        if (suite.Canonicalization == CanonicalizationAlgorithm.Jcs && unsignedDocument["@context"] is { } documentContext)
        {
            // JCS suites copy the document's context into the proof so the proof's terms stay interpretable (VC-DI-EdDSA §3.4.1).
            proof["@context"] = documentContext.DeepClone();
        }

        var previous = SelectPreviousProofs(existing, options.PreviousProof)
            ?? throw new DataIntegrityException(DataIntegrityErrorCodes.PreviousProofNotFound, "A previousProof id names no existing proof.");

        var canonicalizer = options.Canonicalizer ?? ProofCanonicalizer.Default;
        byte[] hashData;
        try
        {
            hashData = await HashDataAsync(unsignedDocument, proof, previous, suite, signer.Algorithm, canonicalizer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not DataIntegrityException)
        {
            throw new DataIntegrityException(DataIntegrityErrorCodes.ProofTransformationError, "Canonicalization failed: " + Describe(ex), ex);
        }

        byte[] signature;
        try
        {
            signature = await signer.SignAsync(hashData, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new DataIntegrityException(DataIntegrityErrorCodes.ProofGenerationError, "The signer failed: " + ex.Message, ex);
        }

        proof["proofValue"] = Multibase.Encode(signature);

        var result = (JsonObject)unsignedDocument.DeepClone();
        if (existing.Count == 0)
        {
            result["proof"] = proof;
        }
        else
        {
            var array = new JsonArray();
            foreach (var p in existing)
            {
                array.Add(p.DeepClone());
            }

            array.Add((JsonNode)proof);
            result["proof"] = array;
        }

        return result;
    }

    /// <summary>
    /// Signs many documents in parallel (all cores) with the same signer, suite and options; results are in input order.
    /// </summary>
    public static async Task<JsonObject[]> SignManyAsync(IReadOnlyList<JsonObject> unsignedDocuments, ISigner signer, Cryptosuite suite, ProofOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unsignedDocuments);
        var results = new JsonObject[unsignedDocuments.Count];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        await Parallel.ForEachAsync(Enumerable.Range(0, unsignedDocuments.Count), parallel, async (i, ct) =>
        {
            results[i] = await SignAsync(unsignedDocuments[i], signer, suite, options, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return results;
    }

    /// <summary>
    /// Verifies every proof of <paramref name="document"/>. Never throws for bad input: problems become error codes in
    /// the result (only cancellation and a null argument throw).
    /// </summary>
    public static async Task<ProofSetVerificationResult> VerifyAsync(JsonObject document, DataIntegrityVerificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        options ??= new DataIntegrityVerificationOptions();
        var proofNode = document["proof"];
        if (proofNode is null)
        {
            return new ProofSetVerificationResult(false, [], DataIntegrityErrorCodes.MalformedProofError, "The document has no proof.");
        }

        var proofs = new List<JsonNode?>();
        if (proofNode is JsonArray array)
        {
            proofs.AddRange(array);
        }
        else
        {
            proofs.Add(proofNode);
        }

        if (proofs.Count == 0)
        {
            return new ProofSetVerificationResult(false, [], DataIntegrityErrorCodes.MalformedProofError, "The proof set is empty.");
        }

        var objects = proofs.OfType<JsonObject>().ToList();
        var results = new ProofVerificationResult[proofs.Count];
        for (var i = 0; i < proofs.Count; i++)
        {
            results[i] = await VerifyOneAsync(document, proofs[i], i, objects, options, cancellationToken).ConfigureAwait(false);
        }

        return new ProofSetVerificationResult(results.All(r => r.Verified), results);
    }

    private static async Task<ProofVerificationResult> VerifyOneAsync(JsonObject document, JsonNode? node, int index, List<JsonObject> allProofs, DataIntegrityVerificationOptions options, CancellationToken cancellationToken)
    {
        if (node is not JsonObject proof)
        {
            return Fail(index, null, null, DataIntegrityErrorCodes.MalformedProofError, "The proof is not a JSON object.");
        }

        var type = Str(proof, "type");
        var cryptosuiteName = Str(proof, "cryptosuite");
        var methodId = Str(proof, "verificationMethod");
        var label = cryptosuiteName ?? type;
        try
        {
            var suite = CryptosuiteRegistry.Find(type, cryptosuiteName);
            if (suite is null)
            {
                return Fail(index, label, methodId, DataIntegrityErrorCodes.UnknownCryptosuite, $"Unsupported proof type '{type}' / cryptosuite '{cryptosuiteName}'.") with { Undetermined = true };
            }

            var purpose = Str(proof, "proofPurpose");
            var proofValue = Str(proof, "proofValue");
            if (methodId is null || purpose is null || proofValue is null)
            {
                return Fail(index, label, methodId, DataIntegrityErrorCodes.MalformedProofError, "The proof needs string members verificationMethod, proofPurpose and proofValue.");
            }

            var now = options.TimeProvider.GetUtcNow();
            if (!TryDate(proof, "created", out var created) || !TryDate(proof, "expires", out var expires))
            {
                return Fail(index, label, methodId, DataIntegrityErrorCodes.MalformedProofError, "created/expires must be XML Schema dateTime values with a time zone.");
            }

            if (created is { } c && c > now + options.MaxClockSkew)
            {
                return Fail(index, label, methodId, DataIntegrityErrorCodes.ProofCreatedInFuture, $"The proof was created in the future ({c:O}).");
            }

            if (expires is { } e && e < now - options.MaxClockSkew)
            {
                return Fail(index, label, methodId, DataIntegrityErrorCodes.ProofExpired, $"The proof expired at {e:O}.");
            }

            var expected = options.ExpectedPurpose;
            if (purpose != expected.Term)
            {
                return Fail(index, label, methodId, DataIntegrityErrorCodes.InvalidProofPurpose, $"Expected proof purpose '{expected.Term}', found '{purpose}'.");
            }

            if (expected.Check(proof) is { } refused)
            {
                return Fail(index, label, methodId, refused.Code, refused.Message);
            }

            byte[] signature;
            try
            {
                signature = Multibase.DecodeBase58Btc(proofValue);
            }
            catch (FormatException ex)
            {
                return Fail(index, label, methodId, DataIntegrityErrorCodes.MalformedProofError, "proofValue: " + ex.Message);
            }

            if (!TryPreviousIds(proof["previousProof"], out var previousIds))
            {
                return Fail(index, label, methodId, DataIntegrityErrorCodes.MalformedProofError, "previousProof must be a string or an array of strings.");
            }

            var previous = SelectPreviousProofs(allProofs, previousIds);
            if (previous is null)
            {
                return Fail(index, label, methodId, DataIntegrityErrorCodes.PreviousProofNotFound, "A previousProof id names no proof in the set.");
            }

            ResolvedVerificationMethod resolved;
            try
            {
                resolved = await options.Resolver.ResolveAsync(methodId, cancellationToken).ConfigureAwait(false);
            }
            catch (VerificationMethodException ex)
            {
                // The spec's code stays the proof's code; the resolver's names the precise cause.
                return Fail(index, label, methodId, DataIntegrityErrorCodes.InvalidVerificationMethod, ex.Code == VerificationMethodErrorCodes.Invalid ? ex.Message : $"{ex.Message} [{ex.Code}]")
                    with
                { Undetermined = VerificationMethodErrorCodes.IsUnobtainable(ex.Code) };
            }

            var key = resolved.Method.PublicKey;
            if (!suite.Supports(key.Algorithm))
            {
                return Fail(index, label, methodId, DataIntegrityErrorCodes.InvalidVerificationMethod, $"{suite.Name} does not accept {key.Algorithm.Name} keys.");
            }

            if (!resolved.IsAuthorizedFor(purpose))
            {
                return Fail(index, label, methodId, DataIntegrityErrorCodes.InvalidProofPurpose, $"The controller document does not list the method under '{purpose}'.");
            }

            if (expected is AssertionProofPurpose { RequiresIssuerMatch: true } && IssuerId(document) is { } issuer && issuer != resolved.Method.Controller)
            {
                // The issuer may still claim a key it does not control in its own document, by listing the method by
                // reference (as the W3C test vectors' issuers would). Only the issuer's own document counts, got
                // through the same resolver (map or policy): an attacker's key is never listed there.
                string? why = null;
                try
                {
                    if (!await CompositeVerificationMethodResolver.ListsByReferenceAsync(options.Resolver, issuer, methodId, purpose!, cancellationToken).ConfigureAwait(false))
                    {
                        why = $"and no controller document of the issuer lists the method under '{purpose}'";
                    }
                }
                catch (VerificationMethodException ex)
                {
                    why = $"and the issuer's controller document could not be used ({ex.Code}: {ex.Message})";
                }

                if (why is not null)
                {
                    return Fail(index, label, methodId, DataIntegrityErrorCodes.IssuerKeyMismatch, $"The method's controller '{resolved.Method.Controller}' is not the issuer '{issuer}', {why}.");
                }
            }

            if (suite.Canonicalization == CanonicalizationAlgorithm.Jcs && proof["@context"] is { } proofContext && !ContextStartsWith(document["@context"], proofContext))
            {
                return Fail(index, label, methodId, DataIntegrityErrorCodes.ProofVerificationError, "The proof's @context is not a prefix of the document's @context.");
            }

            var config = (JsonObject)proof.DeepClone();
            config.Remove("proofValue");
            byte[] hashData;
            try
            {
                hashData = await HashDataAsync(document, config, previous, suite, key.Algorithm, options.Canonicalizer ?? ProofCanonicalizer.Default, cancellationToken, options.DocumentQuads).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return Fail(index, label, methodId, DataIntegrityErrorCodes.ProofTransformationError, "Canonicalization failed: " + Describe(ex));
            }

            if (key.Verify(hashData, signature))
            {
                return new ProofVerificationResult(index, label, methodId, true, null, null);
            }

            // rdf-canonize 3.x and DIDKit wrote C0 controls and DEL raw in literals, and wallets hold credentials signed
            // so. The legacy form is another injective serialization of the same dataset (quote and backslash are still
            // escaped, so no literal can end early or swallow another), so a signature over it commits to exactly the
            // statements RDFC-1.0 would: accepting it admits no other document. Tried only after a failure and only
            // when some string holds such a character, so the cost falls on those documents alone.
            if (suite.Canonicalization == CanonicalizationAlgorithm.Rdfc10 && options.LegacyCanonicalForm == LegacyCanonicalForm.Accept
                && (HoldsLegacyDivergence(document) || HoldsLegacyDivergence(config)))
            {
                var legacyHash = await HashDataAsync(document, config, previous, suite, key.Algorithm, options.Canonicalizer ?? ProofCanonicalizer.Default, cancellationToken, options.DocumentQuads, legacyLiterals: true).ConfigureAwait(false);
                if (key.Verify(legacyHash, signature))
                {
                    return new ProofVerificationResult(index, label, methodId, true, null, null) { LegacyCanonicalForm = true };
                }
            }

            return Fail(index, label, methodId, DataIntegrityErrorCodes.ProofVerificationError, "The signature does not verify.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Last line of defence: hostile input must become a result, never an exception.
            return Fail(index, label, methodId, DataIntegrityErrorCodes.ProofVerificationError, "Unexpected error: " + ex.Message);
        }
    }

    /// <summary>True when some string in <paramref name="node"/> holds a character the legacy literal form writes raw.</summary>
    private static bool HoldsLegacyDivergence(JsonNode? node) => node switch
    {
        JsonObject o => o.Any(m => HoldsLegacyDivergence(m.Value)),
        JsonArray a => a.Any(HoldsLegacyDivergence),
        JsonValue v => v.TryGetValue<string>(out var s) && Rdf.NQuadsEscaper.HasLegacyDivergence(s),
        _ => false,
    };

    /// <summary>hash(canonical proof config) ‖ hash(canonical document), the bytes that get signed.</summary>
    internal static async Task<byte[]> HashDataAsync(JsonObject document, JsonObject proofConfig, IReadOnlyList<JsonObject> previousProofs, Cryptosuite suite, KeyAlgorithm algorithm, ProofCanonicalizer canonicalizer, CancellationToken cancellationToken, Lazy<IReadOnlyList<Quad>>? documentQuads = null, bool legacyLiterals = false)
    {
        var hash = suite.GetHashAlgorithm(algorithm);
        var (configBytes, documentBytes) = await CanonicalizeAsync(document, proofConfig, previousProofs, suite, hash, canonicalizer, cancellationToken, documentQuads, legacyLiterals).ConfigureAwait(false);
        var proofHash = Hash(hash, configBytes);
        var documentHash = Hash(hash, documentBytes);
        return [.. proofHash, .. documentHash];
    }

    /// <summary>The canonical proof configuration and document (exposed to tests for the intermediate vectors).</summary>
    internal static async Task<(byte[] ProofConfig, byte[] Document)> CanonicalizeAsync(JsonObject document, JsonObject proofConfig, IReadOnlyList<JsonObject> previousProofs, Cryptosuite suite, HashAlgorithmName hash, ProofCanonicalizer canonicalizer, CancellationToken cancellationToken, Lazy<IReadOnlyList<Quad>>? documentQuads = null, bool legacyLiterals = false)
    {
        if (suite.Canonicalization == CanonicalizationAlgorithm.Rdfc10 && previousProofs.Count == 0)
        {
            // The common case: the document minus its proof. Expansion skips the top-level "proof" member instead of
            // deep-cloning the whole document (24-38 KB per sign/verify of a rich credential).
            var rdfcConfig = RdfcProofConfig(document, proofConfig, suite);
            var configBytes = await canonicalizer.CanonicalizeRdfcAsync(rdfcConfig, null, hash, cancellationToken, legacyLiterals).ConfigureAwait(false);
            var documentBytes = documentQuads is not null
                ? ProofCanonicalizer.CanonicalizeQuads(documentQuads.Value, hash, cancellationToken, legacyLiterals)
                : await canonicalizer.CanonicalizeRdfcAsync(document, "proof", hash, cancellationToken, legacyLiterals).ConfigureAwait(false);
            return (configBytes, documentBytes);
        }

        var unsecured = new JsonObject();
        foreach (var (name, value) in document)
        {
            if (name != "proof")
            {
                unsecured[name] = value?.DeepClone();
            }
        }

        if (previousProofs.Count > 0)
        {
            unsecured["proof"] = new JsonArray([.. previousProofs.Select(p => p.DeepClone())]);
        }

        JsonObject config;
        if (suite.Canonicalization == CanonicalizationAlgorithm.Rdfc10)
        {
            config = RdfcProofConfig(document, proofConfig, suite);
        }
        else if ((config = (JsonObject)proofConfig.DeepClone())["@context"] is { } proofContext)
        {
            // JCS: a proof @context replaces the document's for hashing (VC-DI-EdDSA §3.4.2 step 3).
            unsecured["@context"] = proofContext.DeepClone();
        }

        var configTask = Canonicalize(config);
        var documentTask = Canonicalize(unsecured);
        return (await configTask.ConfigureAwait(false), await documentTask.ConfigureAwait(false));

        ValueTask<byte[]> Canonicalize(JsonObject node) => suite.Canonicalization == CanonicalizationAlgorithm.Rdfc10
            ? canonicalizer.CanonicalizeRdfcAsync(node, null, hash, cancellationToken, legacyLiterals)
            : canonicalizer.CanonicalizeAsync(node, suite.Canonicalization, hash, cancellationToken);
    }

    /// <summary>
    /// A copy of the proof configuration with the context it is interpreted under: the document's
    /// (VC-DI-EdDSA/ECDSA §3.x "proof configuration"); Ed25519Signature2020 proofs may carry their own @context
    /// (document context + the suite context), which is kept.
    /// </summary>
    private static JsonObject RdfcProofConfig(JsonObject document, JsonObject proofConfig, Cryptosuite suite)
    {
        var config = (JsonObject)proofConfig.DeepClone();
        if (suite.HasCryptosuiteMember || config["@context"] is null)
        {
            config.Remove("@context");
        }

        if (config["@context"] is null && document["@context"] is { } context)
        {
            config["@context"] = context.DeepClone();
        }

        return config;
    }

    private static JsonObject BuildProof(Cryptosuite suite, string verificationMethodId, ProofOptions options)
    {
        var proof = new JsonObject { ["type"] = suite.ProofType };
        if (options.Id is not null)
        {
            proof["id"] = options.Id;
        }

        if (suite.HasCryptosuiteMember)
        {
            proof["cryptosuite"] = suite.Name;
        }

        if (!options.OmitCreated)
        {
            proof["created"] = FormatDate(options.Created ?? options.TimeProvider.GetUtcNow());
        }

        if (options.Expires is { } expires)
        {
            proof["expires"] = FormatDate(expires);
        }

        proof["verificationMethod"] = verificationMethodId;
        options.Purpose.WriteTo(proof);

        if (options.Nonce is not null)
        {
            proof["nonce"] = options.Nonce;
        }

        if (options.PreviousProof.Count == 1)
        {
            proof["previousProof"] = options.PreviousProof[0];
        }
        else if (options.PreviousProof.Count > 1)
        {
            proof["previousProof"] = new JsonArray([.. options.PreviousProof.Select(p => (JsonNode?)JsonValue.Create(p))]);
        }

        return proof;
    }

    /// <summary>XML Schema dateTimeStamp in UTC, second precision (what the reference implementation writes).</summary>
    internal static string FormatDate(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static List<JsonObject> ReadProofs(JsonNode? node) => node switch
    {
        null => [],
        JsonArray a => a.OfType<JsonObject>().ToList(),
        JsonObject o => [o],
        _ => [],
    };

    private static IReadOnlyList<JsonObject>? SelectPreviousProofs(IReadOnlyList<JsonObject> proofs, IReadOnlyList<string> ids)
    {
        var selected = new List<JsonObject>(ids.Count);
        foreach (var id in ids)
        {
            var match = proofs.FirstOrDefault(p => Str(p, "id") == id);
            if (match is null)
            {
                return null;
            }

            selected.Add(match);
        }

        return selected;
    }

    private static bool TryPreviousIds(JsonNode? node, out IReadOnlyList<string> ids)
    {
        switch (node)
        {
            case null:
                ids = [];
                return true;
            case JsonValue v when v.TryGetValue<string>(out var s):
                ids = [s];
                return true;
            case JsonArray a:
                var list = new List<string>();
                foreach (var item in a)
                {
                    if (item is not JsonValue iv || !iv.TryGetValue<string>(out var id))
                    {
                        ids = [];
                        return false;
                    }

                    list.Add(id);
                }

                ids = list;
                return true;
            default:
                ids = [];
                return false;
        }
    }

    private static bool TryDate(JsonObject proof, string name, out DateTimeOffset? value)
    {
        value = null;
        var node = proof[name];
        if (node is null)
        {
            return true;
        }

        if (node is not JsonValue v || !v.TryGetValue<string>(out var s))
        {
            return false;
        }

        // A time zone is required: a local time would be read differently on every verifier.
        if (!XsdDateTime.TryParse(s, out var parsed, XsdDateTimeForm.DateTimeStamp))
        {
            return false;
        }

        value = parsed;
        return true;
    }


    private static bool ContextStartsWith(JsonNode? documentContext, JsonNode proofContext)
    {
        var doc = documentContext is JsonArray da ? da.ToList() : [documentContext];
        var prefix = proofContext is JsonArray pa ? pa.ToList() : [proofContext];
        if (prefix.Count > doc.Count)
        {
            return false;
        }

        for (var i = 0; i < prefix.Count; i++)
        {
            if (!JsonNode.DeepEquals(doc[i], prefix[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The credential's issuer id: <c>issuer</c> when a string, else <c>issuer.id</c>; null when there is no issuer.
    /// A present but unusable issuer yields the empty string, which matches no controller.
    /// </summary>
    internal static string? IssuerId(JsonObject document)
    {
        if (!document.TryGetPropertyValue("issuer", out var issuer))
        {
            return null;
        }

        return issuer switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonObject o => Str(o, "id") ?? string.Empty,
            _ => string.Empty,
        };
    }

    private static byte[] Hash(HashAlgorithmName name, byte[] data) =>
        name == HashAlgorithmName.SHA384 ? SHA384.HashData(data) : SHA256.HashData(data);

    private static string? Str(JsonObject json, string name) =>
        json[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static ProofVerificationResult Fail(int index, string? suite, string? method, string code, string message) =>
        new(index, suite, method, false, code, message);

    // The layer's own code names the limit or rule that stopped canonicalization (e.g. RDFC_WORK_LIMIT_EXCEEDED).
    private static string Describe(Exception ex) => ex switch
    {
        Canonicalization.CanonicalizationException c when !ex.Message.Contains(c.Code, StringComparison.Ordinal) => c.Code + ": " + ex.Message,
        JsonLd.JsonLdException j when !ex.Message.Contains(j.Code, StringComparison.Ordinal) => j.Code + ": " + ex.Message,
        _ => ex.Message,
    };
}
