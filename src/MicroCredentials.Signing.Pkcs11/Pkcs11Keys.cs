using MicroCredentials.Signing.Keys;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace MicroCredentials.Signing.Pkcs11;

/// <summary>
/// The PKCS#11 facts this package relies on: the PKCS#11 3.0 Edwards-curve constants (Pkcs11Interop 5 predates
/// them), the curve OIDs in <c>CKA_EC_PARAMS</c>, and reading a public key out of <c>CKA_EC_POINT</c>.
/// </summary>
internal static class Pkcs11Keys
{
    public const ulong CkkEcEdwards = 0x40;
    public const ulong CkmEcEdwardsKeyPairGen = 0x1055;
    public const ulong CkmEddsa = 0x1057;

    // DER OBJECT IDENTIFIERs: 1.2.840.10045.3.1.7 (P-256), 1.3.132.0.34 (P-384), 1.3.101.112 (Ed25519).
    public static readonly byte[] P256Params = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
    public static readonly byte[] P384Params = [0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x22];
    public static readonly byte[] Ed25519Params = [0x06, 0x03, 0x2B, 0x65, 0x70];

    // PKCS#11 3.0 also allows the curve by name, as a PrintableString.
    private static readonly byte[] Ed25519Name = [0x13, 0x0C, .. "edwards25519"u8];

    public static byte[] ParamsOf(KeyAlgorithm algorithm) =>
        algorithm == KeyAlgorithm.Ed25519 ? Ed25519Params
        : algorithm == KeyAlgorithm.P256 ? P256Params
        : algorithm == KeyAlgorithm.P384 ? P384Params
        : throw new ArgumentException($"{algorithm.Name} keys are not supported by the PKCS#11 signer (Ed25519, P-256, P-384 are).", nameof(algorithm));

    public static KeyAlgorithm? AlgorithmOf(ulong keyType, ReadOnlySpan<byte> ecParams)
    {
        if (keyType == CkkEcEdwards)
        {
            return ecParams.SequenceEqual(Ed25519Params) || ecParams.SequenceEqual(Ed25519Name) ? KeyAlgorithm.Ed25519 : null;
        }

        if (keyType == (ulong)CKK.CKK_EC)
        {
            return ecParams.SequenceEqual(P256Params) ? KeyAlgorithm.P256
                : ecParams.SequenceEqual(P384Params) ? KeyAlgorithm.P384
                : null;
        }

        return null;
    }

    /// <summary>
    /// The library's canonical public key from <c>CKA_EC_POINT</c>: a DER OCTET STRING (PKCS#11 says so; some
    /// modules give the bare point) holding the 32-byte Ed25519 key or the uncompressed <c>04‖X‖Y</c> point,
    /// which is compressed to the 33/49-byte form Multikey uses.
    /// </summary>
    public static PublicKey DecodePoint(KeyAlgorithm algorithm, byte[] ecPoint)
    {
        var point = UnwrapOctetString(ecPoint, algorithm == KeyAlgorithm.Ed25519 ? 32 : 1 + (2 * CoordinateSize(algorithm)));
        if (algorithm == KeyAlgorithm.Ed25519)
        {
            return algorithm.ImportPublicKey(point);
        }

        var size = CoordinateSize(algorithm);
        if (point.Length != 1 + (2 * size) || point[0] != 0x04)
        {
            throw new FormatException($"CKA_EC_POINT is not an uncompressed {algorithm.Name} point ({point.Length} bytes).");
        }

        var compressed = new byte[1 + size];
        compressed[0] = (byte)((point[^1] & 1) == 0 ? 0x02 : 0x03);
        point.AsSpan(1, size).CopyTo(compressed.AsSpan(1));
        return algorithm.ImportPublicKey(compressed);
    }

    public static int CoordinateSize(KeyAlgorithm algorithm) => algorithm == KeyAlgorithm.P384 ? 48 : 32;

    public static string Describe(ulong rv) => Enum.IsDefined(typeof(CKR), rv) ? ((CKR)rv).ToString() : $"0x{rv:X}";

    private static byte[] UnwrapOctetString(byte[] value, int pointLength)
    {
        if (value.Length == pointLength)
        {
            return value;
        }

        if (value.Length >= 2 && value[0] == 0x04)
        {
            int length, header;
            if (value[1] < 0x80)
            {
                (length, header) = (value[1], 2);
            }
            else if (value[1] == 0x81 && value.Length >= 3)
            {
                (length, header) = (value[2], 3);
            }
            else
            {
                throw new FormatException("CKA_EC_POINT has an unsupported DER length.");
            }

            if (header + length == value.Length)
            {
                return value[header..];
            }
        }

        throw new FormatException($"CKA_EC_POINT is neither a DER OCTET STRING nor a bare point ({value.Length} bytes).");
    }

    public static List<IObjectAttribute> Template(params (CKA Attribute, object Value)[] attributes)
    {
        var factory = Pkcs11Module.Factories.ObjectAttributeFactory;
        var list = new List<IObjectAttribute>(attributes.Length);
        foreach (var (attribute, value) in attributes)
        {
            list.Add(value switch
            {
                bool b => factory.Create(attribute, b),
                string s => factory.Create(attribute, s),
                byte[] bytes => factory.Create(attribute, bytes),
                CKO o => factory.Create(attribute, o),
                CKK k => factory.Create(attribute, k),
                ulong u => factory.Create(attribute, u),
                _ => throw new ArgumentException($"unsupported attribute value {value.GetType()}", nameof(attributes)),
            });
        }

        return list;
    }
}
