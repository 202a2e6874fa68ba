using System.Security.Cryptography;

namespace MicroCredentials.Signing.Keys;

/// <summary>
/// A signature algorithm and its key type. Algorithms do the work (generate, sign, verify); keys are inert data.
/// One instance per algorithm, compared by reference.
/// </summary>
public abstract class KeyAlgorithm
{
    private protected KeyAlgorithm(string name, int publicKeySize, int privateKeySize, int signatureSize)
    {
        Name = name;
        PublicKeySize = publicKeySize;
        PrivateKeySize = privateKeySize;
        SignatureSize = signatureSize;
    }

    /// <summary>Ed25519 (RFC 8032), pure EdDSA: 32-byte keys, 64-byte signatures.</summary>
    public static KeyAlgorithm Ed25519 { get; } = new Ed25519Algorithm();

    /// <summary>ECDSA on NIST P-256 with SHA-256; public keys are 33-byte compressed points, signatures 64-byte IEEE P1363 <c>r‖s</c>.</summary>
    public static KeyAlgorithm P256 { get; } = new EcdsaAlgorithm("P-256", ECCurve.NamedCurves.nistP256, 32, HashAlgorithmName.SHA256);

    /// <summary>ECDSA on NIST P-384 with SHA-384; public keys are 49-byte compressed points, signatures 96-byte IEEE P1363 <c>r‖s</c>.</summary>
    public static KeyAlgorithm P384 { get; } = new EcdsaAlgorithm("P-384", ECCurve.NamedCurves.nistP384, 48, HashAlgorithmName.SHA384);

    /// <summary>RSA public keys (verification only, for JWTs): RSASSA-PKCS1-v1_5 with SHA-256 unless told otherwise.</summary>
    public static KeyAlgorithm Rsa { get; } = new RsaAlgorithm();

    /// <summary>The name used in key files and reports: <c>Ed25519</c>, <c>P-256</c>, <c>P-384</c>, <c>RSA</c>.</summary>
    public string Name { get; }

    /// <summary>Size in bytes of the public key in its canonical (Multikey) form; 0 when variable (RSA).</summary>
    public int PublicKeySize { get; }

    /// <summary>Size in bytes of the secret key (Ed25519 seed or EC scalar); 0 when unsupported (RSA).</summary>
    public int PrivateKeySize { get; }

    /// <summary>Size in bytes of a signature; 0 when variable (RSA).</summary>
    public int SignatureSize { get; }

    /// <summary>The hash the algorithm applies to the message (and Data Integrity uses for the proof hashes).</summary>
    public abstract HashAlgorithmName HashAlgorithm { get; }

    /// <summary>True when this library can create keys and sign with this algorithm.</summary>
    public virtual bool CanSign => true;

    /// <summary>Looks an algorithm up by its <see cref="Name"/> (case-insensitive; also accepts <c>ed25519</c>, <c>p256</c>, <c>p384</c>).</summary>
    public static KeyAlgorithm? FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToUpperInvariant() switch
        {
            "ED25519" => Ed25519,
            "P-256" or "P256" or "ES256" => P256,
            "P-384" or "P384" or "ES384" => P384,
            "RSA" => Rsa,
            _ => null,
        };
    }

    /// <summary>Creates a new random key pair.</summary>
    /// <exception cref="NotSupportedException">The algorithm cannot sign (RSA).</exception>
    public KeyPair GenerateKeyPair() => new(this, GenerateSecretCore());

    /// <summary>Imports a key pair from its secret (Ed25519 32-byte seed, or seed‖public 64 bytes; EC big-endian scalar).</summary>
    /// <exception cref="FormatException">The secret has the wrong size or is out of range.</exception>
    public KeyPair ImportKeyPair(ReadOnlySpan<byte> secret) => new(this, NormalizeSecretCore(secret));

    /// <summary>Creates a public key of this algorithm from its canonical bytes, validating them.</summary>
    /// <exception cref="FormatException">The bytes are not a valid public key for this algorithm.</exception>
    public PublicKey ImportPublicKey(ReadOnlySpan<byte> bytes)
    {
        ValidatePublicKeyCore(bytes);
        return new PublicKey(this, bytes.ToArray());
    }

    /// <summary>
    /// Verifies a signature. Returns false (never throws) for a signature of the wrong size, a non-canonical or
    /// out-of-range signature, or a weak key.
    /// </summary>
    public bool Verify(PublicKey publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (!ReferenceEquals(publicKey.Algorithm, this))
        {
            throw new ArgumentException($"The key is a {publicKey.Algorithm.Name} key, not {Name}.", nameof(publicKey));
        }

        if (SignatureSize != 0 && signature.Length != SignatureSize)
        {
            return false;
        }

        return publicKey.VerifierState is { } state
            ? VerifyCore(state, publicKey.Bytes.Span, data, signature)
            : VerifyCore(publicKey.Bytes.Span, data, signature);
    }

    /// <summary>
    /// Per-public-key state that makes repeated verification cheap (a decoded point, an imported platform key), kept
    /// on the immutable <see cref="PublicKey"/>; null when the algorithm has none. Must not throw for invalid bytes
    /// (return null: <see cref="VerifyCore(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> then decides).
    /// </summary>
    internal virtual object? CreateVerifierState(ReadOnlySpan<byte> publicKey) => null;

    /// <summary>Verifies with the state from <see cref="CreateVerifierState"/>; same answers as the stateless overload.</summary>
    internal virtual bool VerifyCore(object state, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        VerifyCore(publicKey, data, signature);

    /// <summary>Per-key-pair signing state (an imported platform key), disposed with the key pair; null when there is none.</summary>
    internal virtual IDisposable? CreateSignerState(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> publicKey) => null;

    /// <summary>Signs with the state from <see cref="CreateSignerState"/>.</summary>
    internal virtual byte[] SignCore(IDisposable state, ReadOnlySpan<byte> data) => throw new NotSupportedException();

    /// <summary>Signs with the secret (in the form <see cref="ImportKeyPair"/> normalises it to).</summary>
    internal abstract byte[] SignCore(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data);

    internal abstract bool VerifyCore(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);

    internal abstract byte[] GenerateSecretCore();

    internal abstract byte[] NormalizeSecretCore(ReadOnlySpan<byte> secret);

    internal abstract byte[] DerivePublicKeyCore(ReadOnlySpan<byte> secret);

    internal abstract void ValidatePublicKeyCore(ReadOnlySpan<byte> publicKey);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
