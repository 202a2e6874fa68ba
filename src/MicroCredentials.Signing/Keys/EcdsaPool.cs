using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace MicroCredentials.Signing.Keys;

/// <summary>
/// Imported platform <see cref="ECDsa"/> objects for one key, reused across operations. Importing a key into the
/// platform (and decompressing its point) costs more than a P-256 signature, so keys keep a few imported copies.
/// A pool rather than one shared object because <see cref="ECDsa"/> instances are not documented as thread-safe and
/// bulk signing runs on all cores; the pool never holds more than one idle copy per core.
/// </summary>
internal sealed class EcdsaPool : IDisposable
{
    private readonly Func<ECDsa> _create;
    private readonly byte[]? _secret;
    private readonly ConcurrentBag<ECDsa> _idle = [];
    private int _idleCount;
    private volatile bool _disposed;

    /// <param name="create">Imports one more copy of the key.</param>
    /// <param name="secret">The private scalar <paramref name="create"/> reads, zeroed on <see cref="Dispose"/>; null for public keys.</param>
    public EcdsaPool(Func<ECDsa> create, byte[]? secret = null)
    {
        _create = create;
        _secret = secret;
    }

    public ECDsa Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var ecdsa))
        {
            Interlocked.Decrement(ref _idleCount);
            return ecdsa;
        }

        return _create();
    }

    public void Return(ECDsa ecdsa)
    {
        if (_disposed || Interlocked.Increment(ref _idleCount) > Environment.ProcessorCount)
        {
            if (!_disposed)
            {
                Interlocked.Decrement(ref _idleCount);
            }

            ecdsa.Dispose();
            return;
        }

        _idle.Add(ecdsa);
        if (_disposed)
        {
            // Dispose ran while we were adding: make sure no private key outlives it.
            Drain();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        if (_secret is not null)
        {
            CryptographicOperations.ZeroMemory(_secret);
        }

        Drain();
    }

    private void Drain()
    {
        while (_idle.TryTake(out var ecdsa))
        {
            ecdsa.Dispose();
        }
    }
}
