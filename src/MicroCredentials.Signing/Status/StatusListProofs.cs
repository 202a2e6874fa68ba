using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.Status;

/// <summary>Connects status lists to Data Integrity: signing published lists and verifying fetched ones.</summary>
public static class StatusListProofs
{
    /// <summary>A signer for <see cref="StatusListIssuer.PublishAsync"/> that adds a Data Integrity proof.</summary>
    public static StatusListCredentialSigner Signer(ISigner signer, Cryptosuite suite, ProofOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(suite);
        return (credential, ct) => DataIntegrityProofs.SignAsync(credential, signer, suite, options, ct);
    }

    /// <summary>
    /// A verifier for the status list checkers: every proof of the list must verify with
    /// <see cref="DataIntegrityProofs.VerifyAsync"/> (which also requires, by default, that the signing key belong to
    /// the list's issuer). A list without a proof does not verify.
    /// </summary>
    public static StatusListProofVerifier Verifier(DataIntegrityVerificationOptions? options = null) =>
        async (credential, ct) =>
        {
            if (credential["proof"] is null)
            {
                return new StatusListProofCheck(false, "the status list credential has no proof");
            }

            var result = await DataIntegrityProofs.VerifyAsync(credential, options, ct).ConfigureAwait(false);
            if (result.Verified)
            {
                return new StatusListProofCheck(true);
            }

            var firstFailure = result.Proofs.FirstOrDefault(p => !p.Verified);
            var why = result.ErrorCode ?? firstFailure?.ErrorCode;
            var message = result.Message ?? firstFailure?.Message;
            return new StatusListProofCheck(false, why is null ? message : $"{why}: {message}");
        };
}
