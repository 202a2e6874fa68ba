using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.TestSupport;

/// <summary>
/// The fixed keys of the tests, each defined once: published test vectors where one exists (so signatures can be
/// compared with other implementations), otherwise a key from a byte sequence. Every call returns a new
/// <see cref="KeyPair"/> that the caller disposes.
/// </summary>
public static class TestKeys
{
    /// <summary>RFC 8032 §7.1 test 1 secret key: the default issuer key of the tests.</summary>
    public const string Ed25519Rfc8032Test1Hex = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

    /// <summary>RFC 8032 §7.1 test 2 secret key.</summary>
    public const string Ed25519Rfc8032Test2Hex = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";

    /// <summary>RFC 8032 §7.1 test 3 secret key.</summary>
    public const string Ed25519Rfc8032Test3Hex = "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7";

    /// <summary>RFC 6979 §A.2.5 P-256 private key.</summary>
    public const string P256Rfc6979Hex = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";

    /// <summary>RFC 8032 test 1: the tests' issuer.</summary>
    public static KeyPair Ed25519Rfc8032Test1() => KeyAlgorithm.Ed25519.ImportKeyPair(Convert.FromHexString(Ed25519Rfc8032Test1Hex));

    /// <summary>RFC 8032 test 2: a second party (an endorser, say).</summary>
    public static KeyPair Ed25519Rfc8032Test2() => KeyAlgorithm.Ed25519.ImportKeyPair(Convert.FromHexString(Ed25519Rfc8032Test2Hex));

    /// <summary>RFC 8032 test 3: a third party (a holder, say).</summary>
    public static KeyPair Ed25519Rfc8032Test3() => KeyAlgorithm.Ed25519.ImportKeyPair(Convert.FromHexString(Ed25519Rfc8032Test3Hex));

    /// <summary>RFC 6979 A.2.5: the tests' P-256 issuer.</summary>
    public static KeyPair P256Rfc6979() => KeyAlgorithm.P256.ImportKeyPair(Convert.FromHexString(P256Rfc6979Hex));

    /// <summary>An Ed25519 key whose 32 seed bytes are <paramref name="first"/>, <paramref name="first"/>+1, …</summary>
    public static KeyPair Ed25519Sequence(int first) => KeyAlgorithm.Ed25519.ImportKeyPair(Sequence(first));

    /// <summary>A P-256 key whose 32 private-scalar bytes are <paramref name="first"/>, <paramref name="first"/>+1, …</summary>
    public static KeyPair P256Sequence(int first) => KeyAlgorithm.P256.ImportKeyPair(Sequence(first));

    /// <summary>The tests' attacker: seed bytes 100…131.</summary>
    public static KeyPair AttackerEd25519() => Ed25519Sequence(100);

    /// <summary>The did:key of <paramref name="pair"/>.</summary>
    public static string DidKeyOf(KeyPair pair) => DidKey.FromPublicKey(pair.PublicKey);

    /// <summary>A signer for <paramref name="pair"/> under its did:key verification method.</summary>
    public static KeyPairSigner DidKeySigner(KeyPair pair) => new(pair, DidKey.VerificationMethodId(pair.PublicKey));

    private static byte[] Sequence(int first) => Enumerable.Range(first, 32).Select(i => (byte)i).ToArray();
}
