using System.Text.Json.Nodes;
using MicroCredentials.Signing.JsonLd;

namespace MicroCredentials.Signing.Verification.Checks;

/// <summary>
/// The base context, the OB 3.0 context, JSON-LD safe-mode expansion under the document's own contexts, and the
/// surface audit (every member the other checks read is the signed one). Shared by credentials and presentations.
/// </summary>
internal sealed class ContextCheck(JsonLdProcessor jsonLd) : ICredentialCheck
{
    private const string ObContextPrefix = "https://purl.imsglobal.org/spec/ob/v3p0/context";
    private const string ProofIri = "https://w3id.org/security#proof";
    private static readonly JsonLdOptions RdfOptions = new() { SafeMode = true };

    public async ValueTask RunAsync(VerificationContext context, VerificationRun run, CancellationToken cancellationToken) =>
        await CheckAsync(context.Credential, context.Types, run.Checks, cancellationToken, run).ConfigureAwait(false);

    /// <summary>Checks <paramref name="document"/> (a credential or a presentation) and appends the results.</summary>
    public async Task CheckAsync(JsonObject document, IReadOnlyList<string> types, List<VerificationCheck> checks, CancellationToken ct, VerificationRun? run = null)
    {
        var contexts = document["@context"] switch
        {
            JsonArray a => a.ToList(),
            JsonNode n => [n],
            null => [],
        };
        var first = contexts.Count > 0 ? CheckJson.Str(contexts[0]) : null;
        if (first is not (VerificationContext.Vc1Context or VerificationContext.Vc2Context))
        {
            checks.Add(VerificationCheck.Fail(VerificationSteps.Context, VerificationCodes.InvalidBaseContext,
                $"the first @context must be '{VerificationContext.Vc2Context}' or '{VerificationContext.Vc1Context}', found '{first ?? "(none)"}'", "$['@context'][0]"));
        }
        else if (first == VerificationContext.Vc1Context)
        {
            checks.Add(VerificationCheck.Warn(VerificationSteps.Context, VerificationCodes.LegacyDataModel,
                "the credential uses VC Data Model 1.1; Open Badges 3.0 credentials are now issued on VC Data Model 2.0", "$['@context'][0]"));
        }

        var needsOb = types.Contains("AchievementCredential") || types.Contains("OpenBadgeCredential") || types.Contains("EndorsementCredential");
        if (needsOb && !contexts.Any(c => CheckJson.Str(c) is { } u && u.StartsWith(ObContextPrefix, StringComparison.Ordinal)))
        {
            checks.Add(VerificationCheck.Fail(VerificationSteps.Context, VerificationCodes.MissingObContext,
                "an Open Badges 3.0 credential must include the OB 3.0 context", "$['@context']"));
        }

        try
        {
            var audit = new SurfaceAudit(SurfaceVocabularies.For(first));
            var expanded = await jsonLd.ExpandAsync(document, new JsonLdOptions { SafeMode = true, Surface = audit }, ct).ConfigureAwait(false);
            if (run is not null && !document.ContainsKey("@graph") && expanded is [JsonObject top])
            {
                // The credential without its proof is this expansion without the one proof property: the same RDF the
                // proof check would get by expanding the document again with its "proof" member skipped.
                top.Remove(ProofIri);
                run.DocumentQuads = new Lazy<IReadOnlyList<MicroCredentials.Signing.Rdf.Quad>>(() => JsonLdProcessor.ToRdf(expanded, RdfOptions, ct));
            }

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
            var message = $"JSON-LD ({ex.Code}): {ex.Message}";
            checks.Add(code is VerificationCodes.UnknownContext or VerificationCodes.ContextLimitExceeded
                ? VerificationCheck.Undetermined(VerificationSteps.Context, code, message, ex.JsonPath)
                : VerificationCheck.Fail(VerificationSteps.Context, code, message, ex.JsonPath));
            if (run is not null && code == VerificationCodes.ContextLimitExceeded)
            {
                run.ContextLimitExceeded = true;
            }
        }
    }
}
