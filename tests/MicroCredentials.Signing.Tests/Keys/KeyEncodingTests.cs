using Xunit;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Tests.Support;

namespace MicroCredentials.Signing.Tests.Keys;

public class KeyEncodingTests
{
    [Fact]
    public void Base58EncodesTheBitcoinReferenceExample()
    {
        // From the base58 IETF draft (draft-msporny-base58 §5).
        Assert.Equal("2NEpo7TZRRrLZSi2U", Base58.Encode(Encoding.ASCII.GetBytes("Hello World!")));
        Assert.Equal("11233QC4", Base58.Encode([0, 0, 0x28, 0x7f, 0xb4, 0xcd]));
    }

    [Fact]
    public void Base58RoundTripsAnyBytes() =>
        Gen.Byte.Array[0, 80].Sample(bytes => Base58.Decode(Base58.Encode(bytes)).AsSpan().SequenceEqual(bytes));

    [Theory]
    [InlineData("0")]
    [InlineData("O")]
    [InlineData("I")]
    [InlineData("l")]
    [InlineData("abc+")]
    [InlineData("z z")]
    [InlineData("é")]
    public void Base58RejectsCharactersOutsideTheAlphabet(string value) =>
        Assert.Throws<FormatException>(() => Base58.Decode(value));

    [Fact]
    public void Base58DecodingIsCanonical() =>
        Gen.String[Gen.Char["123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"], 0, 40]
            .Sample(s => Base58.Encode(Base58.Decode(s)) == s);

    [Fact]
    public void MultibaseRejectsUnknownPrefixAndEmpty()
    {
        Assert.Throws<FormatException>(() => Multibase.Decode("m" + Convert.ToBase64String([1, 2, 3])));
        Assert.Throws<FormatException>(() => Multibase.Decode(string.Empty));
        Assert.Throws<FormatException>(() => Multibase.DecodeBase58Btc("uAQID"));
    }

    [Fact]
    public void MultibaseBase64UrlRoundTripsAndIsStrict()
    {
        Gen.Byte.Array[0, 50].Sample(bytes => Multibase.Decode(Multibase.Encode(bytes, MultibaseEncoding.Base64Url)).AsSpan().SequenceEqual(bytes));
        Assert.Equal([0xfb, 0xff], Multibase.Decode("u-_8"));
        Assert.Throws<FormatException>(() => Multibase.Decode("uAQI="));
        Assert.Throws<FormatException>(() => Multibase.Decode("uAQ+/"));
        Assert.Throws<FormatException>(() => Multibase.Decode("u-_9")); // non-zero trailing bits
    }

    public static TheoryData<string> KeyFiles() => new()
    {
        "vc-di-eddsa/TestVectors/keyPair.json",
        "vc-di-ecdsa/TestVectors/p256KeyPair.json",
        "vc-di-ecdsa/TestVectors/p384KeyPair.json",
        "openbadges-3.0/test-vectors/eddsa-rdfc-2022/keyPair.json",
    };

    [Theory]
    [MemberData(nameof(KeyFiles))]
    public void SecretKeyMultibaseDerivesThePublishedPublicKey(string file)
    {
        var json = (JsonObject)JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile(file.Split('/'))))!;
        var published = (string)json["publicKeyMultibase"]!;
        using var pair = Multikey.DecodeSecretKey((string?)json["secretKeyMultibase"] ?? (string)json["privateKeyMultibase"]!);
        Assert.Equal(published, pair.PublicKey.ToMultibase());
        Assert.Equal(Multikey.DecodePublicKey(published), pair.PublicKey);
    }

    [Fact]
    public void ProofSetKeyPairsDeriveTheirPublicKeys()
    {
        var json = (JsonObject)JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile("vc-di-eddsa", "TestVectors", "proof-set-chain", "multiKeyPairs.json")))!;
        Assert.Equal(4, json.Count);
        foreach (var (_, entry) in json)
        {
            using var pair = Multikey.DecodeSecretKey((string)entry!["privateKeyMultibase"]!);
            Assert.Equal((string)entry["publicKeyMultibase"]!, pair.PublicKey.ToMultibase());
        }
    }

    [Fact]
    public void SecretKeyMultibaseRoundTripsTheSeedForm()
    {
        var json = (JsonObject)JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile("vc-di-eddsa", "TestVectors", "keyPair.json")))!;
        var secret = (string)json["privateKeyMultibase"]!;
        using var pair = Multikey.DecodeSecretKey(secret);
        Assert.Equal(secret, pair.ExportSecretMultibase());
    }

    [Fact]
    public void OpenBadgesSeedAndPublicSecretMustBeConsistent()
    {
        using var a = KeyAlgorithm.Ed25519.GenerateKeyPair();
        using var b = KeyAlgorithm.Ed25519.GenerateKeyPair();
        var bad = a.ExportSecret().Concat(b.PublicKey.Bytes.ToArray()).ToArray();
        Assert.Throws<FormatException>(() => KeyAlgorithm.Ed25519.ImportKeyPair(bad));
    }

    [Theory]
    [InlineData("ed25519", "z6Mk")]
    [InlineData("p256", "zDn")]
    [InlineData("p384", "z82")]
    public void GeneratedKeysHaveTheDidKeyPrefixOfTheirAlgorithm(string type, string prefix)
    {
        using var file = KeyFile.Generate(KeyAlgorithm.FromName(type)!);
        Assert.StartsWith("did:key:" + prefix, file.Controller, StringComparison.Ordinal);
        Assert.Equal(file.Controller + "#" + file.Controller["did:key:".Length..], file.Id);
        Assert.Equal(file.KeyPair.PublicKey, DidKey.ParsePublicKey(file.Id));
    }

    [Fact]
    public void MultikeyRejectsWrongHeaderAndLength()
    {
        using var pair = KeyAlgorithm.Ed25519.GenerateKeyPair();
        var raw = pair.PublicKey.Bytes.ToArray();
        Assert.Throws<FormatException>(() => Multikey.DecodePublicKey(Multibase.Encode([0xed, 0x02, .. raw])));
        Assert.Throws<FormatException>(() => Multikey.DecodePublicKey(Multibase.Encode([0xed, 0x01, .. raw[..31]])));
        Assert.Throws<FormatException>(() => Multikey.DecodePublicKey(Multibase.Encode([0xed, 0x01, .. raw, 0])));
        Assert.Throws<FormatException>(() => Multikey.DecodePublicKey(Multibase.Encode([0x80, 0x26, .. raw])));
        Assert.Throws<FormatException>(() => Multikey.DecodePublicKey("u" + Convert.ToBase64String([0xed, 0x01, .. raw]).TrimEnd('=').Replace('+', '-').Replace('/', '_')));
        Assert.Throws<FormatException>(() => Multikey.DecodePublicKey(Multibase.Encode([0xed, 0x81, 0x00, .. raw])));
    }

    [Theory]
    [InlineData("p256")]
    [InlineData("p384")]
    public void EcPointCompressionRoundTripsThroughJwk(string type)
    {
        var algorithm = KeyAlgorithm.FromName(type)!;
        for (var i = 0; i < 20; i++)
        {
            using var pair = algorithm.GenerateKeyPair();
            using var ecdsa = System.Security.Cryptography.ECDsa.Create();
            var jwk = Jwk.ExportPublicKey(pair.PublicKey);
            Assert.Equal(pair.PublicKey, Jwk.ImportPublicKey(jwk));
            Assert.Equal(pair.PublicKey, Multikey.DecodePublicKey(pair.PublicKey.ToMultibase()));
        }
    }

    [Theory]
    [InlineData("p256")]
    [InlineData("p384")]
    public void EcPointNotOnTheCurveIsRejected(string type)
    {
        var algorithm = KeyAlgorithm.FromName(type)!;
        using var pair = algorithm.GenerateKeyPair();
        var jwk = Jwk.ExportPublicKey(pair.PublicKey);
        var y = Multibase.Decode("u" + (string)jwk["y"]!);
        y[^1] ^= 1;
        jwk["y"] = Multibase.Encode(y, MultibaseEncoding.Base64Url)[1..];
        Assert.Throws<FormatException>(() => Jwk.ImportPublicKey(jwk));

        // An x for which x^3 + ax + b is not a square: some of the first candidates must fail.
        var failures = 0;
        for (byte x = 1; x < 20; x++)
        {
            var compressed = new byte[algorithm.PublicKeySize];
            compressed[0] = 0x02;
            compressed[^1] = x;
            try
            {
                algorithm.ImportPublicKey(compressed);
            }
            catch (FormatException)
            {
                failures++;
            }
        }

        Assert.InRange(failures, 1, 19);
    }

    [Fact]
    public void Ed25519JwkRoundTripsAndPrivateMembersAreRefused()
    {
        using var pair = KeyAlgorithm.Ed25519.GenerateKeyPair();
        var jwk = Jwk.ExportPublicKey(pair.PublicKey);
        Assert.Equal("OKP", (string)jwk["kty"]!);
        Assert.Equal(pair.PublicKey, Jwk.ImportPublicKey(jwk));
        jwk["d"] = "AAAA";
        Assert.Throws<FormatException>(() => Jwk.ImportPublicKey(jwk));
    }

    [Fact]
    public void RsaJwkImportsAndVerifiesRs256()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var p = rsa.ExportParameters(false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["n"] = Multibase.Encode(p.Modulus, MultibaseEncoding.Base64Url)[1..],
            ["e"] = Multibase.Encode(p.Exponent, MultibaseEncoding.Base64Url)[1..],
        };
        var key = Jwk.ImportPublicKey(jwk);
        Assert.Same(KeyAlgorithm.Rsa, key.Algorithm);
        var data = Encoding.UTF8.GetBytes("header.payload");
        var sig = rsa.SignData(data, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        Assert.True(key.Verify(data, sig));
        sig[0] ^= 1;
        Assert.False(key.Verify(data, sig));
        Assert.Equal((string)jwk["n"]!, (string)Jwk.ExportPublicKey(key)["n"]!);
    }

    [Fact]
    public void ShortRsaKeysAreRefused()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(1024);
        var p = rsa.ExportParameters(false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["n"] = Multibase.Encode(p.Modulus, MultibaseEncoding.Base64Url)[1..],
            ["e"] = Multibase.Encode(p.Exponent, MultibaseEncoding.Base64Url)[1..],
        };
        Assert.Throws<FormatException>(() => Jwk.ImportPublicKey(jwk));
    }

    [Fact]
    public async Task KeyFileSavesAndLoads()
    {
        using var file = KeyFile.Generate(KeyAlgorithm.P256);
        var path = Path.Combine(Path.GetTempPath(), "mcred-key-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            await file.SaveAsync(path);
            using var loaded = await KeyFile.LoadAsync(path);
            Assert.Equal(file.Id, loaded.Id);
            Assert.Equal(file.Controller, loaded.Controller);
            Assert.Equal(file.KeyPair.PublicKey, loaded.KeyPair.PublicKey);
            Assert.Equal("Multikey", (string)loaded.ToJson()["type"]!);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void KeyFileWithMismatchedPublicKeyIsRefused()
    {
        using var a = KeyFile.Generate(KeyAlgorithm.Ed25519);
        using var b = KeyFile.Generate(KeyAlgorithm.Ed25519);
        var json = a.ToJson();
        json["publicKeyMultibase"] = b.KeyPair.PublicKey.ToMultibase();
        Assert.Throws<FormatException>(() => KeyFile.Parse(json));
    }

    [Fact]
    public void DisposedKeyPairCannotSign()
    {
        var pair = KeyAlgorithm.Ed25519.GenerateKeyPair();
        pair.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pair.Sign([1, 2, 3]));
        Assert.Throws<ObjectDisposedException>(() => pair.ExportSecret());
    }
}
