using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Jose;

namespace MicroCredentials.Signing.Verification.Checks;

/// <summary>
/// The credential's proof and the binding of its key to the issuer: the JWS of a VC-JWT, or the Data Integrity proofs
/// (OB 3.0: any one valid proof suffices; the others are reported as warnings).
/// </summary>
internal sealed class ProofCheck(CredentialVerifierOptions options, DataIntegrityVerificationOptions dataIntegrity) : ICredentialCheck
{
    public async ValueTask RunAsync(VerificationContext context, VerificationRun run, CancellationToken cancellationToken)
    {
        if (context.Jwt is null && run.ContextLimitExceeded)
        {
            // Canonicalizing would expand the same document again, and its proof configuration under the same
            // contexts: a document refused for its cost must not be charged twice more.
            run.Checks.Add(VerificationCheck.Skip(VerificationSteps.Proof, VerificationCodes.ContextLimitExceeded, "the proof was not checked: the credential exceeds the JSON-LD processing limits", "$.proof"));
            return;
        }

        run.ProofVerified = context.Jwt is { } jwt
            ? CheckJwt(jwt, context.Credential, run.Checks)
            : await CheckDataIntegrityAsync(context.Credential, run.Checks, run.DocumentQuads is { } quads ? dataIntegrity with { DocumentQuads = quads } : dataIntegrity, cancellationToken).ConfigureAwait(false);
    }

    private static bool CheckJwt(JwtVerificationResult jwt, JsonObject credential, List<VerificationCheck> checks)
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

        var code = jwt.ErrorCode ?? JwtErrorCodes.SignatureInvalid;
        checks.Add(jwt.Undetermined
            ? VerificationCheck.Undetermined(VerificationSteps.Proof, code, jwt.Message)
            : VerificationCheck.Fail(VerificationSteps.Proof, code, jwt.Message));
        return false;
    }

    private async Task<bool> CheckDataIntegrityAsync(JsonObject credential, List<VerificationCheck> checks, DataIntegrityVerificationOptions proofOptions, CancellationToken ct)
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

        if (proofCount > options.Limits.MaxProofs)
        {
            checks.Add(VerificationCheck.Fail(VerificationSteps.Proof, VerificationCodes.TooManyProofs, $"{proofCount} proofs exceed the limit of {options.Limits.MaxProofs}", "$.proof"));
            return false;
        }

        if (DataIntegrityProofs.IssuerId(credential) is null)
        {
            // The proof layer binds the key to the issuer only when there is one; without it any key would do.
            checks.Add(VerificationCheck.Fail(VerificationSteps.Proof, VerificationCodes.IssuerMissing, "the credential names no issuer (a string or an object with an id), so no key can be bound to it", "$.issuer"));
            return false;
        }

        var result = await DataIntegrityProofs.VerifyAsync(credential, proofOptions, ct).ConfigureAwait(false);
        if (result.Proofs.Count == 0)
        {
            checks.Add(VerificationCheck.Fail(VerificationSteps.Proof, result.ErrorCode ?? DataIntegrityErrorCodes.MalformedProofError, result.Message ?? "no readable proof", "$.proof"));
            return false;
        }

        var anyVerified = result.Proofs.Any(p => p.Verified);
        foreach (var p in result.Proofs)
        {
            var path = proofCount > 1 ? $"$.proof[{p.Index}]" : "$.proof";
            var what = $"{p.Cryptosuite ?? "proof"} by {p.VerificationMethod ?? "(no verification method)"}";
            if (p.Verified)
            {
                checks.Add(VerificationCheck.Pass(VerificationSteps.Proof, VerificationCodes.Ok, what + " verified; its key is bound to the issuer", path));
                if (p.LegacyCanonicalForm)
                {
                    checks.Add(VerificationCheck.Warn(VerificationSteps.Proof, VerificationCodes.LegacyCanonicalForm,
                        "legacy canonical form: the signature covers the credential's statements serialized as rdf-canonize 3.x and DIDKit did (control characters unescaped), not as RDFC-1.0", path));
                }

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
                var code = p.ErrorCode ?? DataIntegrityErrorCodes.ProofVerificationError;
                checks.Add(p.Undetermined
                    ? VerificationCheck.Undetermined(VerificationSteps.Proof, code, what + ": " + p.Message, path)
                    : VerificationCheck.Fail(VerificationSteps.Proof, code, what + ": " + p.Message, path));
            }
        }

        return anyVerified;
    }
}
