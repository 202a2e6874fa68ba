using Xunit;
using System.Numerics;
using CsCheck;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Tests.DataIntegrity;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace MicroCredentials.Signing.Tests.Keys;

public class SignatureTests
{
    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(DiVector.Data), MemberType = typeof(DiVector))]
    public void VectorSignatureMatchesOrVerifiesOverTheCombinedHash(DiVector vector)
    {
        using var pair = vector.LoadKeyPair();
        var combined = Convert.FromHexString(vector.Text("combinedHash"));
        var expected = Convert.FromHexString(vector.Text("sigHex"));
        Assert.Equal(vector.Text("sigBTC58"), Multibase.Encode(expected));
        Assert.True(pair.PublicKey.Verify(combined, expected));
        if (ReferenceEquals(pair.Algorithm, KeyAlgorithm.Ed25519))
        {
            // EdDSA is deterministic: byte for byte.
            Assert.Equal(expected, pair.Sign(combined));
        }
        else
        {
            // ECDSA is randomised: ours must verify, and theirs verified above.
            Assert.True(pair.PublicKey.Verify(combined, pair.Sign(combined)));
        }
    }

    [Fact]
    public void OpenBadgesVectorSignatureIsReproducedByteForByte()
    {
        var keyJson = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile("openbadges-3.0", "test-vectors", "eddsa-rdfc-2022", "keyPair.json")))!;
        var hashes = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile("openbadges-3.0", "test-vectors", "eddsa-rdfc-2022", "hashes.json")))!;
        using var pair = Multikey.DecodeSecretKey((string)keyJson["secretKeyMultibase"]!);
        var data = Convert.FromHexString((string)hashes["dataToSignHex"]!);
        Assert.Equal(Convert.FromHexString((string)hashes["signatureHex"]!), pair.Sign(data));
        Assert.Equal((string)hashes["proofValue"]!, Multibase.Encode(pair.Sign(data)));
    }

    [Fact]
    public void SmallOrderTableHoldsTheOrderEightPoint()
    {
        // y8 must solve d*y^4 + 2*y^2 - 1 = 0 (mod p): the points whose double has y = 0 (order 4).
        var p = BigInteger.Pow(2, 255) - 19;
        var d = Mod(-121665 * BigInteger.ModPow(121666, p - 2, p), p);
        var y = SmallOrderY8();
        var y2 = BigInteger.ModPow(y, 2, p);
        Assert.Equal(BigInteger.Zero, Mod((d * y2 * y2) + (2 * y2) - 1, p));
    }

    [Fact]
    public void Ed25519RejectsTheIdentityKeyThatVerifiesEveryMessage()
    {
        // A = identity (y = 1), R = identity, S = 0: [S]B = R + [k]A holds for every message.
        var identity = new byte[32];
        identity[0] = 1;
        var signature = new byte[64];
        signature[0] = 1;
        var message = "any message"u8.ToArray();
        Assert.Throws<FormatException>(() => KeyAlgorithm.Ed25519.ImportPublicKey(identity));
        Assert.False(Internal.Ed25519VerifyCore(identity, message, signature));
    }

    [Fact]
    public void Ed25519RejectsSmallOrderKeysEvenWhereBouncyCastleMightNot()
    {
        var p = BigInteger.Pow(2, 255) - 19;
        var smallY = new[] { BigInteger.Zero, BigInteger.One, p - 1, SmallOrderY8(), p - SmallOrderY8() };
        foreach (var y in smallY)
        {
            foreach (var sign in new[] { false, true })
            {
                var encoded = Le32(y);
                if (sign)
                {
                    encoded[31] |= 0x80;
                }

                Assert.Throws<FormatException>(() => KeyAlgorithm.Ed25519.ImportPublicKey(encoded));
                Assert.False(Internal.Ed25519VerifyCore(encoded, [1], new byte[64]));
            }
        }
    }

    [Fact]
    public void Ed25519RejectsSmallOrderR()
    {
        using var pair = KeyAlgorithm.Ed25519.GenerateKeyPair();
        var message = "m"u8.ToArray();
        var signature = pair.Sign(message);
        var identity = new byte[32];
        identity[0] = 1;
        identity.CopyTo(signature, 0);
        Assert.False(pair.PublicKey.Verify(message, signature));
    }

    [Fact]
    public void Ed25519RejectsNonCanonicalS()
    {
        using var pair = KeyAlgorithm.Ed25519.GenerateKeyPair();
        var message = "non-canonical S"u8.ToArray();
        Gen.Byte.Array[1, 64].Sample(m =>
        {
            var signature = pair.Sign(m);
            var s = new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: false) + L;
            if (s >= BigInteger.Pow(2, 256))
            {
                return true;
            }

            var malleated = signature[..32].Concat(Le32(s)).ToArray();
            // The same equation holds for S + L; only the range check rejects it.
            return !pair.PublicKey.Verify(m, malleated) && pair.PublicKey.Verify(m, signature);
        }, iter: 50);
        Assert.NotNull(message);
    }

    [Fact]
    public void BouncyCastleAloneAlsoRejectsSGreaterThanL()
    {
        // Documents what the dependency does; our own check does not rely on it.
        using var pair = KeyAlgorithm.Ed25519.GenerateKeyPair();
        var message = "x"u8.ToArray();
        var signature = pair.Sign(message);
        var s = new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: false) + L;
        var malleated = signature[..32].Concat(Le32(s % BigInteger.Pow(2, 256))).ToArray();
        Assert.False(BcEd25519.Verify(malleated, 0, pair.PublicKey.Bytes.ToArray(), 0, message, 0, message.Length));
    }

    [Theory]
    [InlineData("p256")]
    [InlineData("p384")]
    public void EcdsaRejectsROrSOutsideTheRange(string type)
    {
        var algorithm = KeyAlgorithm.FromName(type)!;
        using var pair = algorithm.GenerateKeyPair();
        var message = "ecdsa"u8.ToArray();
        var signature = pair.Sign(message);
        var half = signature.Length / 2;
        var n = type == "p256"
            ? BigInteger.Parse("0ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture)
            : BigInteger.Parse("0ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(pair.PublicKey.Verify(message, signature));

        var zeroR = (byte[])signature.Clone();
        Array.Clear(zeroR, 0, half);
        Assert.False(pair.PublicKey.Verify(message, zeroR));

        var zeroS = (byte[])signature.Clone();
        Array.Clear(zeroS, half, half);
        Assert.False(pair.PublicKey.Verify(message, zeroS));

        var r = new BigInteger(signature.AsSpan(0, half), isUnsigned: true, isBigEndian: true);
        var rPlusN = r + n;
        if (rPlusN < BigInteger.Pow(2, half * 8))
        {
            var big = Be(rPlusN, half).Concat(signature[half..]).ToArray();
            Assert.False(pair.PublicKey.Verify(message, big));
        }

        var nAsS = signature[..half].Concat(Be(n, half)).ToArray();
        Assert.False(pair.PublicKey.Verify(message, nAsS));
        Assert.False(pair.PublicKey.Verify(message, signature[..^1]));
    }

    [Theory]
    [InlineData("p256")]
    [InlineData("p384")]
    public void EcdsaAcceptsHighSAsTheSpecDoesNotRequireLowS(string type)
    {
        var algorithm = KeyAlgorithm.FromName(type)!;
        using var pair = algorithm.GenerateKeyPair();
        var message = "high s"u8.ToArray();
        var signature = pair.Sign(message);
        var half = signature.Length / 2;
        var curveN = type == "p256"
            ? BigInteger.Parse("0ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture)
            : BigInteger.Parse("0ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        var s = new BigInteger(signature.AsSpan(half), isUnsigned: true, isBigEndian: true);
        var flipped = signature[..half].Concat(Be(curveN - s, half)).ToArray();
        Assert.True(pair.PublicKey.Verify(message, flipped));
    }

    [Fact]
    public void SignerRejectsAlgorithmsThatCannotSign()
    {
        using var pair = KeyAlgorithm.Ed25519.GenerateKeyPair();
        Assert.Throws<ArgumentException>(() => new KeyPairSigner(pair, " "));
        var signer = new KeyPairSigner(pair, "did:example:1#k");
        Assert.Same(KeyAlgorithm.Ed25519, signer.Algorithm);
    }

    [Fact]
    public void VerifyRejectsAKeyOfAnotherAlgorithm()
    {
        using var ed = KeyAlgorithm.Ed25519.GenerateKeyPair();
        Assert.Throws<ArgumentException>(() => KeyAlgorithm.P256.Verify(ed.PublicKey, [1], new byte[64]));
    }

    private static BigInteger SmallOrderY8() => Internal.SmallOrderY8;

    private static BigInteger Mod(BigInteger a, BigInteger m) => ((a % m) + m) % m;

    private static byte[] Le32(BigInteger v)
    {
        var bytes = v.ToByteArray(isUnsigned: true, isBigEndian: false);
        var result = new byte[32];
        bytes.AsSpan(0, Math.Min(32, bytes.Length)).CopyTo(result);
        return result;
    }

    private static byte[] Be(BigInteger v, int size)
    {
        var bytes = v.ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = new byte[size];
        bytes.CopyTo(result, size - bytes.Length);
        return result;
    }

    private static class Internal
    {
        public static BigInteger SmallOrderY8 => (BigInteger)typeof(KeyAlgorithm).Assembly
            .GetType("MicroCredentials.Signing.Keys.Ed25519Algorithm")!
            .GetProperty("SmallOrderY8", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .GetValue(null)!;

        public static bool Ed25519VerifyCore(byte[] key, byte[] message, byte[] signature)
        {
            // Bypass ImportPublicKey validation to exercise the verification path itself.
            var ctor = typeof(PublicKey).GetConstructors(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)[0];
            var publicKey = (PublicKey)ctor.Invoke([KeyAlgorithm.Ed25519, key]);
            return publicKey.Verify(message, signature);
        }
    }
}
