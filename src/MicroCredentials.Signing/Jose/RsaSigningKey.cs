using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Jose;

/// <summary>
/// An RSA private key for RS256 VC-JWTs (Open Badges 3.0's minimum algorithm), stored as a private JWK
/// (RFC 7517/7518 §6.3). Keys shorter than 2048 bits are refused.
/// </summary>
public sealed class RsaSigningKey : IDisposable
{
    /// <summary>The smallest modulus accepted or generated, in bits.</summary>
    public const int MinimumKeySize = 2048;

    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi"];
    private readonly RSA _rsa;

    private RsaSigningKey(RSA rsa, string? keyId)
    {
        _rsa = rsa;
        KeyId = keyId;
        PublicKey = KeyAlgorithm.Rsa.ImportPublicKey(rsa.ExportRSAPublicKey());
    }

    /// <summary>The JWK <c>kid</c>, when the key has one.</summary>
    public string? KeyId { get; }

    /// <summary>The public half, for verification and for embedding as a <c>jwk</c> header.</summary>
    public PublicKey PublicKey { get; }

    /// <summary>The modulus size in bits.</summary>
    public int KeySize => _rsa.KeySize;

    /// <summary>Generates a new key.</summary>
    /// <param name="keySizeInBits">2048 (default), 3072 or 4096.</param>
    /// <param name="keyId">An optional <c>kid</c> stored in the JWK.</param>
    /// <returns>The key.</returns>
    public static RsaSigningKey Generate(int keySizeInBits = MinimumKeySize, string? keyId = null)
    {
        if (keySizeInBits is not (2048 or 3072 or 4096))
        {
            throw new ArgumentOutOfRangeException(nameof(keySizeInBits), "RSA keys must be 2048, 3072 or 4096 bits.");
        }

        return new RsaSigningKey(RSA.Create(keySizeInBits), keyId);
    }

    /// <summary>Imports a private RSA JWK (members <c>n e d p q dp dq qi</c>).</summary>
    /// <param name="jwk">The JWK.</param>
    /// <returns>The key.</returns>
    /// <exception cref="FormatException">Not a complete RSA private JWK, or shorter than 2048 bits.</exception>
    public static RsaSigningKey FromJwk(JsonObject jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        if (Str(jwk, "kty") != "RSA")
        {
            throw new FormatException("The JWK is not an RSA key (kty must be \"RSA\").");
        }

        if (jwk.ContainsKey("oth"))
        {
            throw new FormatException("Multi-prime RSA keys (oth) are not supported.");
        }

        var parameters = new RSAParameters
        {
            Modulus = Bytes(jwk, "n"),
            Exponent = Bytes(jwk, "e"),
            D = Bytes(jwk, "d"),
            P = Bytes(jwk, "p"),
            Q = Bytes(jwk, "q"),
            DP = Bytes(jwk, "dp"),
            DQ = Bytes(jwk, "dq"),
            InverseQ = Bytes(jwk, "qi"),
        };
        // .NET needs D, DP, DQ, InverseQ padded to the modulus / prime sizes; JWK strips leading zeros.
        var half = (parameters.Modulus.Length + 1) / 2;
        parameters.D = LeftPad(parameters.D, parameters.Modulus.Length);
        parameters.P = LeftPad(parameters.P, half);
        parameters.Q = LeftPad(parameters.Q, half);
        parameters.DP = LeftPad(parameters.DP, half);
        parameters.DQ = LeftPad(parameters.DQ, half);
        parameters.InverseQ = LeftPad(parameters.InverseQ, half);

        var rsa = RSA.Create();
        try
        {
            rsa.ImportParameters(parameters);
            if (rsa.KeySize < MinimumKeySize)
            {
                throw new FormatException($"RSA keys shorter than {MinimumKeySize} bits are refused.");
            }

            var key = new RsaSigningKey(rsa, Str(jwk, "kid"));
            key.CheckConsistency();
            return key;
        }
        catch (CryptographicException ex)
        {
            rsa.Dispose();
            throw new FormatException("The JWK is not a valid RSA private key.", ex);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    /// <summary>Reads a private RSA JWK file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The key.</returns>
    public static async Task<RsaSigningKey> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            return FromJwk(SafeJson.ParseObject(bytes, new JsonInputLimits { MaxBytes = 64 * 1024, MaxDepth = 4 }));
        }
        catch (JsonInputException ex)
        {
            throw new FormatException($"The key file is not usable JSON ({ex.Code}).", ex);
        }
    }

    /// <summary>Writes the key as a private JWK file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var text = ToJwk(includePrivate: true).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        return File.WriteAllTextAsync(path, text, cancellationToken);
    }

    /// <summary>Exports the key as a JWK.</summary>
    /// <param name="includePrivate">Whether to include the private members.</param>
    /// <returns>A new JWK object.</returns>
    public JsonObject ToJwk(bool includePrivate = false)
    {
        var p = _rsa.ExportParameters(includePrivate);
        var jwk = new JsonObject { ["kty"] = "RSA" };
        if (KeyId is not null)
        {
            jwk["kid"] = KeyId;
        }

        jwk["n"] = Encode(p.Modulus!);
        jwk["e"] = Encode(p.Exponent!);
        if (includePrivate)
        {
            jwk["d"] = Encode(p.D!);
            jwk["p"] = Encode(p.P!);
            jwk["q"] = Encode(p.Q!);
            jwk["dp"] = Encode(p.DP!);
            jwk["dq"] = Encode(p.DQ!);
            jwk["qi"] = Encode(p.InverseQ!);
        }

        return jwk;
    }

    /// <summary>Creates a signer producing RS256 (RSASSA-PKCS1-v1_5 with SHA-256) signatures.</summary>
    /// <param name="verificationMethodId">The key identifier placed in the JWT <c>kid</c> header.</param>
    /// <returns>A signer whose <see cref="ISigner.Algorithm"/> is <see cref="KeyAlgorithm.Rsa"/>.</returns>
    public ISigner CreateSigner(string verificationMethodId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(verificationMethodId);
        return new RsaSigner(this, verificationMethodId);
    }

    /// <summary>Disposes the key material.</summary>
    public void Dispose() => _rsa.Dispose();

    internal byte[] SignRs256(ReadOnlySpan<byte> data) => _rsa.SignData(data.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    private void CheckConsistency()
    {
        // A JWK whose private and public halves disagree would sign tokens nobody can verify.
        var probe = "consistency"u8.ToArray();
        if (!PublicKey.Verify(probe, SignRs256(probe)))
        {
            throw new FormatException("The RSA private key does not match its public key.");
        }
    }

    private static byte[] LeftPad(byte[]? value, int length)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length >= length)
        {
            return value;
        }

        var padded = new byte[length];
        value.CopyTo(padded, length - value.Length);
        return padded;
    }

    private static string Encode(byte[] value)
    {
        var start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }

        return Base64UrlEncoding.Encode(value.AsSpan(start));
    }

    private static string? Str(JsonObject jwk, string name) =>
        jwk[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static byte[] Bytes(JsonObject jwk, string name)
    {
        var value = Str(jwk, name) ?? throw new FormatException(
            Array.IndexOf(PrivateMembers, name) >= 0
                ? $"The RSA JWK has no private member '{name}'."
                : $"The RSA JWK has no '{name}'.");
        return Base64UrlEncoding.Decode(value);
    }

    private sealed class RsaSigner(RsaSigningKey key, string verificationMethodId) : ISigner
    {
        public string VerificationMethodId { get; } = verificationMethodId;

        public KeyAlgorithm Algorithm => KeyAlgorithm.Rsa;

        public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(key.SignRs256(data.Span));
        }
    }
}
