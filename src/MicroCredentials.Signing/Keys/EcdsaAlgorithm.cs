using System.Numerics;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X9;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace MicroCredentials.Signing.Keys;

/// <summary>
/// ECDSA on a NIST prime curve through <see cref="ECDsa"/>; signatures are IEEE P1363 <c>r‖s</c>.
/// Verification rejects r or s outside [1, n−1] before the platform sees them.
/// High-S policy: VC-DI-ECDSA does not require low-S normalisation (unlike some blockchain profiles) and
/// the reference implementation does not normalise, so both s and n−s verify; malleability is harmless here
/// because a Data Integrity proof binds the document, not the signature bytes. We sign with whatever the
/// platform produces.
/// </summary>
internal sealed class EcdsaAlgorithm : KeyAlgorithm
{
    private readonly ECCurve _curve;
    private readonly EcPoint.CurveInfo _info;
    private readonly HashAlgorithmName _hash;
    private readonly Lazy<X9ECParameters> _bcCurve;

    public EcdsaAlgorithm(string name, ECCurve curve, int fieldSize, HashAlgorithmName hash)
        : base(name, fieldSize + 1, fieldSize, fieldSize * 2)
    {
        _curve = curve;
        _hash = hash;
        _info = fieldSize == 32 ? EcPoint.P256 : EcPoint.P384;
        _bcCurve = new Lazy<X9ECParameters>(() => ECNamedCurveTable.GetByName(name));
    }

    public override HashAlgorithmName HashAlgorithm => _hash;

    internal EcPoint.CurveInfo Curve => _info;

    internal ECCurve NamedCurve => _curve;

    internal override byte[] SignCore(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data)
    {
        using var ecdsa = ECDsa.Create(EcPoint.ToParameters(_info, _curve, publicKey, secret.ToArray()));
        return ecdsa.SignData(data, _hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    internal override IDisposable? CreateSignerState(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> publicKey)
    {
        // The pool keeps its own copy of the scalar (to import more copies under parallel load) and zeroes it when
        // KeyPair.Dispose disposes the pool.
        var d = secret.ToArray();
        var (x, y) = EcPoint.Decompress(_info, publicKey);
        return new EcdsaPool(() => ECDsa.Create(new ECParameters { Curve = _curve, Q = new ECPoint { X = x, Y = y }, D = d }), d);
    }

    internal override byte[] SignCore(IDisposable state, ReadOnlySpan<byte> data)
    {
        var pool = (EcdsaPool)state;
        var ecdsa = pool.Rent();
        try
        {
            return ecdsa.SignData(data, _hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        finally
        {
            pool.Return(ecdsa);
        }
    }

    internal override object? CreateVerifierState(ReadOnlySpan<byte> publicKey)
    {
        ECParameters parameters;
        try
        {
            parameters = EcPoint.ToParameters(_info, _curve, publicKey);
        }
        catch (FormatException)
        {
            return null;
        }

        // Verification pools are never disposed (public keys are not disposable); the platform handles have finalizers.
        return new EcdsaPool(() => ECDsa.Create(parameters));
    }

    internal override bool VerifyCore(object state, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        var half = _info.FieldSize;
        if (signature.Length != half * 2 || !InRange(signature[..half]) || !InRange(signature[half..]))
        {
            return false;
        }

        var pool = (EcdsaPool)state;
        ECDsa ecdsa;
        try
        {
            ecdsa = pool.Rent();
        }
        catch (CryptographicException)
        {
            return false;
        }

        try
        {
            return ecdsa.VerifyData(data, signature, _hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
        finally
        {
            pool.Return(ecdsa);
        }
    }

    internal override bool VerifyCore(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        var half = _info.FieldSize;
        if (signature.Length != half * 2 || !InRange(signature[..half]) || !InRange(signature[half..]))
        {
            return false;
        }

        ECParameters parameters;
        try
        {
            parameters = EcPoint.ToParameters(_info, _curve, publicKey);
        }
        catch (FormatException)
        {
            return false;
        }

        try
        {
            using var ecdsa = ECDsa.Create(parameters);
            return ecdsa.VerifyData(data, signature, _hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    internal override byte[] GenerateSecretCore()
    {
        using var ecdsa = ECDsa.Create(_curve);
        var d = ecdsa.ExportParameters(true).D!;
        return EcPoint.ToFixed(new BigInteger(d, isUnsigned: true, isBigEndian: true), _info.FieldSize);
    }

    internal override byte[] NormalizeSecretCore(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != _info.FieldSize)
        {
            throw new FormatException($"A {Name} secret is a {_info.FieldSize}-byte scalar, not {secret.Length} bytes.");
        }

        var d = new BigInteger(secret, isUnsigned: true, isBigEndian: true);
        if (d.IsZero || d >= _info.N)
        {
            throw new FormatException($"The {Name} secret scalar is outside [1, n-1].");
        }

        return secret.ToArray();
    }

    internal override byte[] DerivePublicKeyCore(ReadOnlySpan<byte> secret)
    {
        // .NET cannot derive Q from D on every platform, so do the one scalar multiplication with BouncyCastle.
        var q = _bcCurve.Value.G.Multiply(new BcBigInteger(1, secret.ToArray())).Normalize();
        return EcPoint.Compress(
            _info,
            q.AffineXCoord.ToBigInteger().ToByteArrayUnsigned().AsSpan().PadLeft(_info.FieldSize),
            q.AffineYCoord.ToBigInteger().ToByteArrayUnsigned().AsSpan().PadLeft(_info.FieldSize));
    }

    internal override void ValidatePublicKeyCore(ReadOnlySpan<byte> publicKey) => EcPoint.Decompress(_info, publicKey);

    /// <summary>Imports an uncompressed point (e.g. from a JWK) as a public key of this curve.</summary>
    internal PublicKey ImportUncompressed(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        if (x.Length != _info.FieldSize || y.Length != _info.FieldSize)
        {
            throw new FormatException($"{Name} coordinates are {_info.FieldSize} bytes each.");
        }

        var compressed = EcPoint.Compress(_info, x, y);
        var (_, checkY) = EcPoint.Decompress(_info, compressed);
        if (!checkY.AsSpan().SequenceEqual(y))
        {
            throw new FormatException($"The coordinates are not a point on {Name}.");
        }

        return new PublicKey(this, compressed);
    }

    private bool InRange(ReadOnlySpan<byte> value)
    {
        var v = new BigInteger(value, isUnsigned: true, isBigEndian: true);
        return !v.IsZero && v < _info.N;
    }
}

internal static class SpanPadding
{
    public static byte[] PadLeft(this Span<byte> bytes, int size)
    {
        if (bytes.Length == size)
        {
            return bytes.ToArray();
        }

        var result = new byte[size];
        bytes.CopyTo(result.AsSpan(size - bytes.Length));
        return result;
    }
}
