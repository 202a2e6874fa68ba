using System.Security.Cryptography;
using MicroCredentials.Signing.Baking;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Verification;
using MicroCredentials.Signing.Canonicalization;

namespace MicroCredentials.Signing.Tests.Hostile;

/// <summary>The <c>verify</c> target: the whole verification pipeline over arbitrary bytes.</summary>
internal static partial class FuzzTargets
{
    /// <summary>"Now" of the verify target: inside the validity window of the signed seeds (created 2026-01-15).</summary>
    internal static readonly DateTimeOffset VerifyNow = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// <see cref="ContentHash"/> of every credential the seed corpus carries with a valid proof. Only these may ever be
    /// reported as verified: a mutant that verifies with any other content is a forgery.
    /// </summary>
    internal static readonly HashSet<string> SignedSeedCredentials = new(StringComparer.Ordinal)
    {
        "193CD765245D0A945F7D4C02E8F147194131D507268FB67BE796AADA43687A2A",
        "267B36087AAC14C9C820FCB29651B1E6E8250090F13513CF5B75EA63687F6960",
        "78549C27DBE5D2176862F620F2067138EACC6AA1A640C59054BD356FEAB448A9",
        "E6DD28FC064CB49986AB11FC52BFBD44E890376F109EA055AF09953212098DE4",
    };

    // Built on first use (never in a static initializer: see SafeOptions) and shared: processing the bundled
    // contexts once instead of per input keeps afl at useful speed; the cache only holds the bundled contexts.
    private static readonly Lazy<CredentialVerifier> FuzzVerifier = new(() => new CredentialVerifier(VerifyTargetOptions()), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Offline (bundled contexts, did:key, no status lists), a fixed clock, tight limits.</summary>
    internal static CredentialVerifierOptions VerifyTargetOptions() => new()
    {
        TimeProvider = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(VerifyNow), // qualified: this file is also compiled into the fuzzer
        Limits = new VerificationLimits
        {
            Json = new JsonInputLimits { MaxBytes = 256 * 1024, MaxDepth = 32, MaxPropertiesPerObject = 256, MaxArrayItems = 1_024, MaxStringLength = 64 * 1024 },
            Baking = new BakingLimits { MaxImageBytes = 512 * 1024, MaxChunkCount = 256, MaxCredentialBytes = 256 * 1024 },
            MaxProofs = 4,
            MaxEndorsements = 4,
            MaxEndorsementDepth = 1,
            MaxJwtLength = 256 * 1024,
        },
    };

    private static void VerifyTarget(byte[] input)
    {
        // VerifyAsync must never throw for any input: an exception escaping here is a finding as it stands.
        var report = FuzzVerifier.Value.VerifyAsync(input).GetAwaiter().GetResult();
        CheckReport(report);
    }

    private static void CheckReport(VerificationReport report)
    {
        foreach (var c in report.Checks)
        {
            Check(c.Code != VerificationCodes.InternalError, "the verifier failed internally: " + c.Message);
            Check(c.Status != CheckStatus.Failed || c.Code != VerificationCodes.Ok, "a failed check carries the OK code");
        }

        Check(report.Verified == (report.Credential is not null && !report.Checks.Any(c => c.Status == CheckStatus.Failed)), "Verified disagrees with the checks");
        if (report.Verified)
        {
            var hash = ContentHash(report.Credential!);
            Check(SignedSeedCredentials.Contains(hash), $"a credential that is not one of the signed seeds verified (content hash {hash})");
        }

        foreach (var e in report.Endorsements)
        {
            CheckReport(e);
        }
    }

    /// <summary>
    /// SHA-256 of the RFC 8785 form of a credential without its top-level <c>proof</c>: what was signed. Another valid
    /// proof over the same content (ECDSA signatures are malleable) is not a forgery; other content is.
    /// </summary>
    internal static string ContentHash(System.Text.Json.Nodes.JsonObject credential)
    {
        var content = (System.Text.Json.Nodes.JsonObject)credential.DeepClone();
        content.Remove("proof");
        return Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(JsonCanonicalizer.Canonicalize(content))));
    }
}
