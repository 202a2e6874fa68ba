namespace MicroCredentials.Signing.Keys;

/// <summary>
/// Something that signs bytes with a key identified by a verification method. Implement it to keep the private
/// key in an HSM or a cloud KMS; the library only ever asks for signatures.
/// </summary>
/// <remarks>
/// Contract: Ed25519 signers sign the given bytes (pure EdDSA); ECDSA signers hash them with the curve's hash
/// (SHA-256 for P-256, SHA-384 for P-384) and return IEEE P1363 <c>r‖s</c>. Implementations must be thread-safe.
/// </remarks>
public interface ISigner
{
    /// <summary>The verification method the signature can be checked with (e.g. <c>did:key:z6Mk…#z6Mk…</c>).</summary>
    string VerificationMethodId { get; }

    /// <summary>The key algorithm.</summary>
    KeyAlgorithm Algorithm { get; }

    /// <summary>Signs <paramref name="data"/>.</summary>
    ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);
}

/// <summary>An <see cref="ISigner"/> over an in-memory <see cref="KeyPair"/> (Ed25519 through BouncyCastle, ECDSA through .NET).</summary>
public sealed class KeyPairSigner : ISigner
{
    private readonly KeyPair _keyPair;

    /// <summary>Creates a signer; the key pair stays owned by the caller (dispose it after the signer is no longer used).</summary>
    /// <exception cref="ArgumentException">The key pair's algorithm cannot sign, or the id is empty.</exception>
    public KeyPairSigner(KeyPair keyPair, string verificationMethodId)
    {
        ArgumentNullException.ThrowIfNull(keyPair);
        ArgumentException.ThrowIfNullOrWhiteSpace(verificationMethodId);
        if (!keyPair.Algorithm.CanSign)
        {
            throw new ArgumentException($"{keyPair.Algorithm.Name} keys cannot sign.", nameof(keyPair));
        }

        _keyPair = keyPair;
        VerificationMethodId = verificationMethodId;
    }

    /// <inheritdoc/>
    public string VerificationMethodId { get; }

    /// <inheritdoc/>
    public KeyAlgorithm Algorithm => _keyPair.Algorithm;

    /// <summary>The public key matching the signatures.</summary>
    public PublicKey PublicKey => _keyPair.PublicKey;

    /// <inheritdoc/>
    public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_keyPair.Sign(data.Span));
    }
}
