using System.Numerics;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Canonicalization;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Rdf;
using MicroCredentials.Signing.Verification;
using Xunit;
using static MicroCredentials.Signing.Tests.Hostile.HostileFixture;

namespace MicroCredentials.Signing.Tests.Hostile;

/// <summary>
/// Signature attacks of issue 7, each through <see cref="CredentialVerifier.VerifyAsync(string, VerifyOptions?, CancellationToken)"/>:
/// the report must not verify and must carry the one code that names the defence.
/// </summary>
public sealed class HostileProofTests
{
    // P-256 group order.
    private static readonly BigInteger N = BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    // Ed25519 group order.
    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_baseline_credentials_verify_with_both_suites()
    {
        using var ed = IssuerEd25519();
        using var p256 = IssuerP256();
        AssertVerified(await VerifyAsync(await SignedAsync(ed)));
        AssertVerified(await VerifyAsync(await SignedAsync(p256)));
    }

    [Fact]
    public async Task A_proof_by_a_key_of_someone_other_than_the_issuer_fails()
    {
        using var issuer = IssuerEd25519();
        using var attacker = AttackerEd25519();
        // The attacker signs a credential naming the victim as issuer, with a perfectly valid signature of their own.
        var forged = await SignAsync(Credential(Did(issuer)), attacker);
        AssertFails(await VerifyAsync(forged), VerificationSteps.Proof, DataIntegrityErrorCodes.IssuerKeyMismatch);
    }

    [Theory]
    [InlineData("authentication")]
    [InlineData("capabilityInvocation")]
    [InlineData("keyAgreement")]
    public async Task A_proof_purpose_other_than_assertionMethod_fails(string purpose)
    {
        using var issuer = IssuerEd25519();
        var signed = await SignedAsync(issuer, ProofOptions() with { Purpose = purpose == "authentication" ? ProofPurpose.Authentication(challenge: null) : ProofPurpose.Controller(purpose) });
        AssertFails(await VerifyAsync(signed), VerificationSteps.Proof, DataIntegrityErrorCodes.InvalidProofPurpose);
    }

    [Fact]
    public async Task A_proof_copied_from_another_credential_fails()
    {
        using var issuer = IssuerEd25519();
        var genuine = await SignedAsync(issuer);
        var other = Credential(Did(issuer), name: "Advanced Data Literacy");
        other["proof"] = genuine["proof"]!.DeepClone();
        AssertFails(await VerifyAsync(other), VerificationSteps.Proof, DataIntegrityErrorCodes.ProofVerificationError);
    }

    [Fact]
    public async Task A_proof_created_in_the_future_fails()
    {
        using var issuer = IssuerEd25519();
        var signed = await SignedAsync(issuer, ProofOptions(Now.AddHours(1)));
        AssertFails(await VerifyAsync(signed), VerificationSteps.Proof, DataIntegrityErrorCodes.ProofCreatedInFuture);
        // Within the clock skew (5 minutes by default) it is accepted: clocks disagree.
        AssertVerified(await VerifyAsync(await SignedAsync(issuer, ProofOptions(Now.AddMinutes(2)))));
    }

    private static async Task<JsonObject> ChainAsync(KeyPair issuer)
    {
        var first = await SignedAsync(issuer, ProofOptions() with { Id = "urn:uuid:proof-1" });
        return await SignAsync(first, issuer, ProofOptions() with { Id = "urn:uuid:proof-2", PreviousProof = ["urn:uuid:proof-1"] });
    }

    [Fact]
    public async Task A_proof_chain_verifies_in_either_order_because_previousProof_is_by_id()
    {
        using var issuer = IssuerEd25519();
        var chain = await ChainAsync(issuer);
        AssertVerified(await VerifyAsync(chain));
        var reordered = (JsonObject)chain.DeepClone();
        reordered["proof"] = new JsonArray(chain["proof"]![1]!.DeepClone(), chain["proof"]![0]!.DeepClone());
        var report = await VerifyAsync(reordered);
        AssertVerified(report);
        Assert.Equal(2, report.Checks.Count(c => c.Check == VerificationSteps.Proof && c.Status == CheckStatus.Passed));
    }

    [Fact]
    public async Task Removing_the_earlier_proof_of_a_chain_fails_the_later_one()
    {
        using var issuer = IssuerEd25519();
        var chain = await ChainAsync(issuer);
        var cut = (JsonObject)chain.DeepClone();
        cut["proof"] = new JsonArray(chain["proof"]![1]!.DeepClone());
        AssertFails(await VerifyAsync(cut), VerificationSteps.Proof, DataIntegrityErrorCodes.PreviousProofNotFound);
    }

    [Fact]
    public async Task Swapping_the_earlier_proof_of_a_chain_for_another_valid_proof_fails_the_later_one()
    {
        using var issuer = IssuerEd25519();
        var chain = await ChainAsync(issuer);
        // Another proof by the same key over the same credential, under the same id: valid on its own, but not the
        // proof the later one signed over, so only the earlier one may pass.
        var other = await SignedAsync(issuer, ProofOptions(Created.AddSeconds(1)) with { Id = "urn:uuid:proof-1" });
        var swapped = (JsonObject)chain.DeepClone();
        swapped["proof"] = new JsonArray(other["proof"]!.DeepClone(), chain["proof"]![1]!.DeepClone());
        var report = await VerifyAsync(swapped);
        Assert.Contains(report.Checks, c => c.Check == VerificationSteps.Proof && c.Path == "$.proof[1]" && c.Code == DataIntegrityErrorCodes.ProofVerificationError);
    }

    public static TheoryData<string, string> ProofValueTampering() => new()
    {
        { "base64url multibase prefix instead of base58btc", DataIntegrityErrorCodes.MalformedProofError },
        { "no multibase prefix", DataIntegrityErrorCodes.MalformedProofError },
        { "a character outside the base58 alphabet", DataIntegrityErrorCodes.MalformedProofError },
        { "one byte short", DataIntegrityErrorCodes.ProofVerificationError },
        { "one byte long", DataIntegrityErrorCodes.ProofVerificationError },
        { "non-canonical base58 (leading zero digit)", DataIntegrityErrorCodes.ProofVerificationError },
        { "empty", DataIntegrityErrorCodes.MalformedProofError },
    };

    [Theory]
    [MemberData(nameof(ProofValueTampering))]
    public async Task A_tampered_proofValue_encoding_fails(string tampering, string code)
    {
        using var issuer = IssuerEd25519();
        var signed = await SignedAsync(issuer);
        var value = (string)signed["proof"]!["proofValue"]!;
        var bytes = Multibase.Decode(value);
        signed["proof"]!["proofValue"] = tampering switch
        {
            "base64url multibase prefix instead of base58btc" => "u" + value[1..],
            "no multibase prefix" => value[1..],
            "a character outside the base58 alphabet" => value[..5] + "0" + value[6..],
            "one byte short" => Multibase.Encode(bytes[..^1]),
            "one byte long" => Multibase.Encode([.. bytes, 0]),
            "non-canonical base58 (leading zero digit)" => "z1" + value[1..],
            "empty" => string.Empty,
            _ => throw new ArgumentOutOfRangeException(nameof(tampering)),
        };
        AssertFails(await VerifyAsync(signed), VerificationSteps.Proof, code);
    }

    [Theory]
    [InlineData("r = 0")]
    [InlineData("s = 0")]
    [InlineData("r = n")]
    [InlineData("s = n")]
    [InlineData("r = 2^256 - 1")]
    public async Task An_ecdsa_signature_with_r_or_s_out_of_range_fails(string tampering)
    {
        using var issuer = IssuerP256();
        var signed = await SignedAsync(issuer);
        var sig = Multibase.Decode((string)signed["proof"]!["proofValue"]!);
        var r = new BigInteger(sig.AsSpan(0, 32), isUnsigned: true, isBigEndian: true);
        var s = new BigInteger(sig.AsSpan(32), isUnsigned: true, isBigEndian: true);
        (r, s) = tampering switch
        {
            "r = 0" => (BigInteger.Zero, s),
            "s = 0" => (r, BigInteger.Zero),
            "r = n" => (N, s),
            "s = n" => (r, N),
            "r = 2^256 - 1" => (BigInteger.Pow(2, 256) - 1, s),
            _ => throw new ArgumentOutOfRangeException(nameof(tampering)),
        };
        signed["proof"]!["proofValue"] = Multibase.Encode([.. Fixed32(r), .. Fixed32(s)]);
        AssertFails(await VerifyAsync(signed), VerificationSteps.Proof, DataIntegrityErrorCodes.ProofVerificationError);
    }

    [Fact]
    public async Task An_ecdsa_high_s_signature_is_the_same_signature_and_verifies()
    {
        // Documented behaviour, not a forgery: (r, n - s) signs the same message under the same key. ecdsa-rdfc-2019
        // does not require low-S and WebCrypto signers emit high S half the time, so refusing it would break interop.
        // What the signature covers does not change, so nothing can be smuggled through it.
        using var issuer = IssuerP256();
        var signed = await SignedAsync(issuer);
        var sig = Multibase.Decode((string)signed["proof"]!["proofValue"]!);
        var s = new BigInteger(sig.AsSpan(32), isUnsigned: true, isBigEndian: true);
        signed["proof"]!["proofValue"] = Multibase.Encode([.. sig[..32], .. Fixed32(N - s)]);
        AssertVerified(await VerifyAsync(signed));
    }

    [Fact]
    public async Task An_ed25519_signature_with_non_canonical_s_fails()
    {
        using var issuer = IssuerEd25519();
        var signed = await SignedAsync(issuer);
        var sig = Multibase.Decode((string)signed["proof"]!["proofValue"]!);
        var s = new BigInteger(sig.AsSpan(32), isUnsigned: true, isBigEndian: false) + L;
        var sBytes = new byte[32];
        s.ToByteArray(isUnsigned: true, isBigEndian: false).CopyTo(sBytes, 0);
        signed["proof"]!["proofValue"] = Multibase.Encode([.. sig[..32], .. sBytes]);
        AssertFails(await VerifyAsync(signed), VerificationSteps.Proof, DataIntegrityErrorCodes.ProofVerificationError);
    }

    [Fact]
    public async Task An_ed25519_signature_with_a_small_order_r_fails()
    {
        using var issuer = IssuerEd25519();
        var signed = await SignedAsync(issuer);
        var identity = new byte[64];
        identity[0] = 1;
        signed["proof"]!["proofValue"] = Multibase.Encode(identity);
        AssertFails(await VerifyAsync(signed), VerificationSteps.Proof, DataIntegrityErrorCodes.ProofVerificationError);
    }

    public static TheoryData<string> WeakEd25519Keys() => new()
    {
        "0100000000000000000000000000000000000000000000000000000000000000", // identity (order 1)
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 2
        "0000000000000000000000000000000000000000000000000000000000000080", // order 4
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p + 1: non-canonical identity
    };

    [Theory]
    [MemberData(nameof(WeakEd25519Keys))]
    public async Task An_issuer_with_a_small_order_or_non_canonical_ed25519_key_fails(string keyHex)
    {
        // Identity R and S = 0 satisfy a cofactorless check for every message under a small-order key.
        var multibase = Multibase.Encode([0xed, 0x01, .. Convert.FromHexString(keyHex)]);
        var did = "did:key:" + multibase;
        var credential = Credential(did);
        var signature = new byte[64];
        signature[0] = 1;
        credential["proof"] = new JsonObject
        {
            ["type"] = "DataIntegrityProof",
            ["cryptosuite"] = "eddsa-rdfc-2022",
            ["created"] = "2026-01-15T10:00:00Z",
            ["verificationMethod"] = did + "#" + multibase,
            ["proofPurpose"] = "assertionMethod",
            ["proofValue"] = Multibase.Encode(signature),
        };
        AssertFails(await VerifyAsync(credential), VerificationSteps.Proof, DataIntegrityErrorCodes.InvalidVerificationMethod);
    }

    [Fact]
    public async Task More_proofs_than_the_limit_fail_before_any_is_verified()
    {
        using var issuer = IssuerEd25519();
        var signed = await SignedAsync(issuer);
        var proofs = new JsonArray();
        for (var i = 0; i < VerificationLimits.Default.MaxProofs + 1; i++)
        {
            proofs.Add(signed["proof"]!.DeepClone());
        }

        signed["proof"] = proofs;
        AssertFails(await VerifyAsync(signed), VerificationSteps.Proof, VerificationCodes.TooManyProofs);
    }

    [Fact]
    public async Task A_credential_without_a_proof_fails()
    {
        using var issuer = IssuerEd25519();
        AssertFails(await VerifyAsync(Credential(Did(issuer))), VerificationSteps.Proof, VerificationCodes.ProofMissing);
    }

    [Fact]
    public async Task Unpaired_surrogates_are_refused_so_two_strings_cannot_share_one_signature()
    {
        // Written as UTF-8, "\uD800" and "\uDBFF" would both become U+FFFD: one canonical form, one signature for two
        // different credentials. JSON text cannot carry them past SafeJson, but a JsonObject built in code can.
        using var issuer = IssuerEd25519();
        var ex = await Assert.ThrowsAsync<DataIntegrityException>(() => SignAsync(Credential(Did(issuer), name: "A\uD800B"), issuer));
        Assert.Equal(DataIntegrityErrorCodes.ProofTransformationError, ex.Code);
        Assert.Contains("RDFC_INVALID_QUAD", ex.Message, StringComparison.Ordinal);

        var signed = await SignedAsync(issuer);
        signed["name"] = "A\uDBFFB";
        var result = await DataIntegrityProofs.VerifyAsync(signed, new DataIntegrityVerificationOptions { TimeProvider = Clock });
        Assert.Equal(DataIntegrityErrorCodes.ProofTransformationError, Assert.Single(result.Proofs).ErrorCode);

        var quad = new Quad(RdfTerm.Iri("https://example.org/s"), RdfTerm.Iri("https://example.org/p"), RdfTerm.Literal("\uDC00"), RdfTerm.DefaultGraph);
        Assert.Equal(CanonicalizationException.InvalidQuad, Assert.Throws<CanonicalizationException>(() => Rdfc10.Canonicalize([quad])).Code);
    }

    private static byte[] Fixed32(BigInteger value)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        Assert.True(bytes.Length <= 32);
        return [.. new byte[32 - bytes.Length], .. bytes];
    }
}
