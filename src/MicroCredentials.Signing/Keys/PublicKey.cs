namespace MicroCredentials.Signing.Keys;

/// <summary>
/// An immutable public key: an algorithm plus its canonical bytes (Ed25519: 32 bytes; P-256/P-384: compressed
/// SEC1 point; RSA: PKCS#1 <c>RSAPublicKey</c> DER). Equal when algorithm and bytes are equal.
/// </summary>
public sealed class PublicKey : IEquatable<PublicKey>
{
    private static readonly object NoState = new();

    private readonly byte[] _bytes;
    private object? _verifierState;

    internal PublicKey(KeyAlgorithm algorithm, byte[] bytes)
    {
        Algorithm = algorithm;
        _bytes = bytes;
    }

    /// <summary>The key's algorithm.</summary>
    public KeyAlgorithm Algorithm { get; }

    /// <summary>The canonical key bytes (read-only view).</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>
    /// The algorithm's cached verification state for these bytes (created on first use; racing threads may both
    /// create one, and one wins). Caching it here is safe because the key is immutable.
    /// </summary>
    internal object? VerifierState
    {
        get
        {
            var state = Volatile.Read(ref _verifierState);
            if (state is null)
            {
                state = Algorithm.CreateVerifierState(_bytes) ?? NoState;
                state = Interlocked.CompareExchange(ref _verifierState, state, null) ?? state;
            }

            return ReferenceEquals(state, NoState) ? null : state;
        }
    }

    /// <summary>Verifies a signature with this key (see <see cref="KeyAlgorithm.Verify"/>).</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => Algorithm.Verify(this, data, signature);

    /// <summary>The key as a Multikey <c>publicKeyMultibase</c> value (not available for RSA).</summary>
    public string ToMultibase() => Multikey.EncodePublicKey(this);

    /// <inheritdoc/>
    public bool Equals(PublicKey? other) =>
        other is not null && ReferenceEquals(Algorithm, other.Algorithm) && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PublicKey);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Algorithm);
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() => Algorithm.CanSign ? $"{Algorithm.Name} {ToMultibase()}" : $"{Algorithm.Name} ({_bytes.Length} bytes)";
}
