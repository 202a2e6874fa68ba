using System.Security.Cryptography;
using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.DataIntegrity;

/// <summary>How a cryptosuite turns JSON into the bytes it hashes.</summary>
public enum CanonicalizationAlgorithm
{
    /// <summary>JSON-LD 1.1 toRdf, then RDFC-1.0 canonical N-Quads.</summary>
    Rdfc10 = 0,

    /// <summary>RFC 8785 JSON Canonicalization Scheme.</summary>
    Jcs = 1,
}

/// <summary>
/// A Data Integrity cryptosuite: a name, the key algorithms it accepts, its canonicalization and hash.
/// The proof algorithm itself is written once in <see cref="DataIntegrityProofs"/>; a suite is configuration.
/// Instances are singletons compared by reference; look them up by name through <see cref="CryptosuiteRegistry"/>.
/// </summary>
public abstract class Cryptosuite
{
    /// <summary>The proof type of every suite except the legacy Ed25519Signature2020.</summary>
    public const string DataIntegrityProofType = "DataIntegrityProof";

    private protected Cryptosuite(string name, string proofType, CanonicalizationAlgorithm canonicalization, bool canSign, params KeyAlgorithm[] keyAlgorithms)
    {
        Name = name;
        ProofType = proofType;
        Canonicalization = canonicalization;
        CanSign = canSign;
        KeyAlgorithms = keyAlgorithms;
    }

    /// <summary><c>eddsa-rdfc-2022</c> (VC-DI-EdDSA §3.3): Ed25519, RDFC-1.0, SHA-256.</summary>
    public static Cryptosuite EddsaRdfc2022 { get; } = new StandardCryptosuite("eddsa-rdfc-2022", DataIntegrityProofType, CanonicalizationAlgorithm.Rdfc10, true, KeyAlgorithm.Ed25519);

    /// <summary><c>eddsa-jcs-2022</c> (VC-DI-EdDSA §3.4): Ed25519, JCS, SHA-256.</summary>
    public static Cryptosuite EddsaJcs2022 { get; } = new StandardCryptosuite("eddsa-jcs-2022", DataIntegrityProofType, CanonicalizationAlgorithm.Jcs, true, KeyAlgorithm.Ed25519);

    /// <summary><c>ecdsa-rdfc-2019</c> (VC-DI-ECDSA §3.3): P-256/SHA-256 or P-384/SHA-384, RDFC-1.0.</summary>
    public static Cryptosuite EcdsaRdfc2019 { get; } = new StandardCryptosuite("ecdsa-rdfc-2019", DataIntegrityProofType, CanonicalizationAlgorithm.Rdfc10, true, KeyAlgorithm.P256, KeyAlgorithm.P384);

    /// <summary><c>ecdsa-jcs-2019</c> (VC-DI-ECDSA §3.4): P-256/SHA-256 or P-384/SHA-384, JCS.</summary>
    public static Cryptosuite EcdsaJcs2019 { get; } = new StandardCryptosuite("ecdsa-jcs-2019", DataIntegrityProofType, CanonicalizationAlgorithm.Jcs, true, KeyAlgorithm.P256, KeyAlgorithm.P384);

    /// <summary>
    /// The legacy <c>Ed25519Signature2020</c> proof type (verify only): same hashing as eddsa-rdfc-2022, but the proof
    /// has no <c>cryptosuite</c> and relies on the ed25519-2020 context for its terms.
    /// </summary>
    public static Cryptosuite Ed25519Signature2020 { get; } = new StandardCryptosuite("Ed25519Signature2020", "Ed25519Signature2020", CanonicalizationAlgorithm.Rdfc10, false, KeyAlgorithm.Ed25519);

    /// <summary>The draft name <c>eddsa-2022</c> of eddsa-rdfc-2022 (verify only), still found on issued badges.</summary>
    public static Cryptosuite Eddsa2022 { get; } = new StandardCryptosuite("eddsa-2022", DataIntegrityProofType, CanonicalizationAlgorithm.Rdfc10, false, KeyAlgorithm.Ed25519);

    /// <summary>The <c>cryptosuite</c> value, or the proof type for a legacy suite.</summary>
    public string Name { get; }

    /// <summary>The proof <c>type</c>.</summary>
    public string ProofType { get; }

    /// <summary>How documents and proof configurations are canonicalized.</summary>
    public CanonicalizationAlgorithm Canonicalization { get; }

    /// <summary>False for verify-only legacy suites.</summary>
    public bool CanSign { get; }

    /// <summary>The key algorithms the suite accepts.</summary>
    public IReadOnlyList<KeyAlgorithm> KeyAlgorithms { get; }

    /// <summary>True when the suite accepts keys of <paramref name="algorithm"/>.</summary>
    public bool Supports(KeyAlgorithm algorithm) => KeyAlgorithms.Contains(algorithm);

    /// <summary>The hash for proof and document hashes: the key algorithm's (SHA-384 for P-384, else SHA-256).</summary>
    public HashAlgorithmName GetHashAlgorithm(KeyAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return algorithm.HashAlgorithm;
    }

    /// <summary>True when the proof carries a <c>cryptosuite</c> member.</summary>
    internal bool HasCryptosuiteMember => ProofType == DataIntegrityProofType;

    /// <inheritdoc/>
    public override string ToString() => Name;

    private sealed class StandardCryptosuite(string name, string proofType, CanonicalizationAlgorithm canonicalization, bool canSign, params KeyAlgorithm[] keyAlgorithms)
        : Cryptosuite(name, proofType, canonicalization, canSign, keyAlgorithms);
}

/// <summary>Maps proof <c>type</c> and <c>cryptosuite</c> strings to suites. The only place that branches on suite names.</summary>
public static class CryptosuiteRegistry
{
    private static readonly Cryptosuite[] Suites =
    [
        Cryptosuite.EddsaRdfc2022, Cryptosuite.EddsaJcs2022, Cryptosuite.EcdsaRdfc2019, Cryptosuite.EcdsaJcs2019,
        Cryptosuite.Ed25519Signature2020, Cryptosuite.Eddsa2022,
    ];

    /// <summary>Every supported suite.</summary>
    public static IReadOnlyList<Cryptosuite> All => Suites;

    /// <summary>Suites that can create proofs.</summary>
    public static IEnumerable<Cryptosuite> Signing => Suites.Where(s => s.CanSign);

    /// <summary>Finds the suite of a proof from its <c>type</c> and <c>cryptosuite</c> members.</summary>
    public static Cryptosuite? Find(string? proofType, string? cryptosuite)
    {
        foreach (var suite in Suites)
        {
            if (suite.ProofType == proofType && (suite.HasCryptosuiteMember ? suite.Name == cryptosuite : cryptosuite is null))
            {
                return suite;
            }
        }

        return null;
    }

    /// <summary>Finds a suite by its name (<c>eddsa-rdfc-2022</c>, …, or <c>Ed25519Signature2020</c>).</summary>
    public static Cryptosuite? FindByName(string name) => Suites.FirstOrDefault(s => s.Name == name);
}
