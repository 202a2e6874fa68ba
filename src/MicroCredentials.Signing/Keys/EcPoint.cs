using System.Numerics;
using System.Security.Cryptography;

namespace MicroCredentials.Signing.Keys;

/// <summary>
/// SEC1 point compression for the NIST prime curves P-256 and P-384. Both primes are ≡ 3 (mod 4), so the
/// square root is a single modular exponentiation by (p+1)/4.
/// </summary>
internal static class EcPoint
{
    internal sealed record CurveInfo(string Name, int FieldSize, BigInteger P, BigInteger A, BigInteger B, BigInteger N);

    internal static readonly CurveInfo P256 = new(
        "P-256",
        32,
        Hex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"),
        Hex("ffffffff00000001000000000000000000000000fffffffffffffffffffffffc"),
        Hex("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b"),
        Hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"));

    internal static readonly CurveInfo P384 = new(
        "P-384",
        48,
        Hex("fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff"),
        Hex("fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffc"),
        Hex("b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef"),
        Hex("ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973"));

    /// <summary>Compresses an uncompressed point (X, Y big-endian, each <c>FieldSize</c> bytes).</summary>
    public static byte[] Compress(CurveInfo curve, ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        var result = new byte[curve.FieldSize + 1];
        result[0] = (byte)((y[^1] & 1) == 0 ? 0x02 : 0x03);
        x.CopyTo(result.AsSpan(1 + curve.FieldSize - x.Length));
        return result;
    }

    /// <summary>Decompresses a SEC1 compressed point, validating that it lies on the curve.</summary>
    /// <exception cref="FormatException">Wrong length or prefix, x ≥ p, or x is not the abscissa of a curve point.</exception>
    public static (byte[] X, byte[] Y) Decompress(CurveInfo curve, ReadOnlySpan<byte> compressed)
    {
        if (compressed.Length != curve.FieldSize + 1 || (compressed[0] != 0x02 && compressed[0] != 0x03))
        {
            throw new FormatException($"A compressed {curve.Name} point is {curve.FieldSize + 1} bytes starting with 0x02 or 0x03.");
        }

        var x = new BigInteger(compressed[1..], isUnsigned: true, isBigEndian: true);
        if (x >= curve.P)
        {
            throw new FormatException($"The {curve.Name} point's x coordinate is not reduced modulo p.");
        }

        var rhs = Mod((BigInteger.ModPow(x, 3, curve.P) + (curve.A * x) + curve.B), curve.P);
        var y = BigInteger.ModPow(rhs, (curve.P + 1) / 4, curve.P);
        if (BigInteger.ModPow(y, 2, curve.P) != rhs)
        {
            throw new FormatException($"The bytes are not a point on {curve.Name}.");
        }

        var wantOdd = compressed[0] == 0x03;
        if (y.IsEven == wantOdd)
        {
            y = curve.P - y;
        }

        return (ToFixed(x, curve.FieldSize), ToFixed(y, curve.FieldSize));
    }

    /// <summary>Big-endian, left-padded to <paramref name="size"/> bytes.</summary>
    public static byte[] ToFixed(BigInteger value, int size)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        if (bytes.Length == size)
        {
            return bytes;
        }

        var result = new byte[size];
        bytes.CopyTo(result, size - bytes.Length);
        return result;
    }

    public static ECParameters ToParameters(CurveInfo curve, ECCurve namedCurve, ReadOnlySpan<byte> compressed, byte[]? d = null)
    {
        var (x, y) = Decompress(curve, compressed);
        return new ECParameters { Curve = namedCurve, Q = new ECPoint { X = x, Y = y }, D = d };
    }

    private static BigInteger Mod(BigInteger a, BigInteger m)
    {
        var r = a % m;
        return r.Sign < 0 ? r + m : r;
    }

    private static BigInteger Hex(string hex) => BigInteger.Parse("0" + hex, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
}
