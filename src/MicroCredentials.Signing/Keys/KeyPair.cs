using System.Security.Cryptography;

namespace MicroCredentials.Signing.Keys;

/// <summary>
/// A private key with its public key. Holds the secret in managed memory and zeroes it on <see cref="Dispose"/>;
/// after that every use throws <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed class KeyPair : IDisposable
{
    private readonly byte[] _secret;
    private bool _disposed;
    private IDisposable? _signerState;
    private bool _signerStateCreated;

    internal KeyPair(KeyAlgorithm algorithm, byte[] secret)
    {
        Algorithm = algorithm;
        _secret = secret;
        PublicKey = new PublicKey(algorithm, algorithm.DerivePublicKeyCore(secret));
    }

    /// <summary>The key's algorithm.</summary>
    public KeyAlgorithm Algorithm { get; }

    /// <summary>The public half.</summary>
    public PublicKey PublicKey { get; }

    /// <summary>Signs data (Ed25519: the message itself; ECDSA: hashes with the curve's hash, P1363 output).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var state = SignerState();
        return state is null ? Algorithm.SignCore(_secret, PublicKey.Bytes.Span, data) : Algorithm.SignCore(state, data);
    }

    /// <summary>Exports the secret (Ed25519 32-byte seed; EC scalar). The caller owns and should clear the copy.</summary>
    public byte[] ExportSecret()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return (byte[])_secret.Clone();
    }

    /// <summary>The secret as a Multikey <c>secretKeyMultibase</c> value.</summary>
    public string ExportSecretMultibase()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Multikey.EncodeSecretKey(Algorithm, _secret);
    }

    /// <summary>Zeroes the secret and releases any imported platform copies of it.</summary>
    public void Dispose()
    {
        lock (_secret)
        {
            if (!_disposed)
            {
                CryptographicOperations.ZeroMemory(_secret);
                _signerState?.Dispose();
                _disposed = true;
            }
        }
    }

    /// <summary>
    /// The algorithm's signing state (e.g. imported ECDSA keys), created once: importing per signature cost more than
    /// the signature itself. The lock is only taken until the state exists.
    /// </summary>
    private IDisposable? SignerState()
    {
        if (Volatile.Read(ref _signerStateCreated))
        {
            return _signerState;
        }

        lock (_secret)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_signerStateCreated)
            {
                _signerState = Algorithm.CreateSignerState(_secret, PublicKey.Bytes.Span);
                Volatile.Write(ref _signerStateCreated, true);
            }

            return _signerState;
        }
    }
}
