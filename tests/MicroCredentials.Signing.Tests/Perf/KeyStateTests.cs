using CsCheck;
using MicroCredentials.Signing.Keys;
using Xunit;

namespace MicroCredentials.Signing.Tests.Perf;

/// <summary>Cached per-key state (decoded Ed25519 points, pooled ECDSA imports) gives the same answers as the stateless path.</summary>
public sealed class KeyStateTests
{
    public static TheoryData<string> Algorithms() => new() { "Ed25519", "P-256", "P-384" };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Cached_and_stateless_verification_agree_on_valid_and_tampered_signatures(string name)
    {
        var algorithm = KeyAlgorithm.FromName(name)!;
        using var pair = algorithm.GenerateKeyPair();
        Assert.NotNull(pair.PublicKey.VerifierState);
        Gen.Select(Gen.Byte.Array[0, 64], Gen.Int[0, 1000], Gen.Byte).Sample((message, position, flip) =>
        {
            var signature = pair.Sign(message);
            Assert.True(pair.PublicKey.Verify(message, signature));
            Assert.True(algorithm.VerifyCore(pair.PublicKey.Bytes.Span, message, signature));
            signature[position % signature.Length] ^= flip;
            Assert.Equal(algorithm.VerifyCore(pair.PublicKey.Bytes.Span, message, signature), pair.PublicKey.Verify(message, signature));
        }, iter: 200);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void A_disposed_key_pair_cannot_sign_with_its_cached_state(string name)
    {
        var pair = KeyAlgorithm.FromName(name)!.GenerateKeyPair();
        pair.Sign([1, 2, 3]);
        pair.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pair.Sign([1, 2, 3]));
    }

    [Fact]
    public async Task Parallel_ecdsa_signing_through_the_pool_verifies()
    {
        using var pair = KeyAlgorithm.P256.GenerateKeyPair();
        var signatures = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => (i, pair.Sign([(byte)i])))));
        Assert.All(signatures, s => Assert.True(pair.PublicKey.Verify([(byte)s.i], s.Item2)));
    }
}
