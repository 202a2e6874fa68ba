using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Keys;

/// <summary>
/// JSON Web Key (RFC 7517/7518/8037) import and export for public keys: OKP Ed25519, EC P-256/P-384, RSA.
/// Private members (<c>d</c>, <c>p</c>, …) are never read, and a JWK carrying them is refused on import so that a
/// secret cannot leak through a verification path.
/// </summary>
public static class Jwk
{
    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    /// <summary>Imports a public JWK.</summary>
    /// <exception cref="FormatException">Missing or malformed members, unsupported kty/crv, private members, or an invalid point.</exception>
    public static PublicKey ImportPublicKey(JsonObject jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        foreach (var member in PrivateMembers)
        {
            if (jwk.ContainsKey(member))
            {
                throw new FormatException($"The JWK contains the private member '{member}'; only public keys are accepted here.");
            }
        }

        var kty = GetString(jwk, "kty");
        switch (kty)
        {
            case "OKP":
            {
                var crv = GetString(jwk, "crv");
                if (crv != "Ed25519")
                {
                    throw new FormatException($"Unsupported OKP curve '{crv}'.");
                }

                return KeyAlgorithm.Ed25519.ImportPublicKey(GetBytes(jwk, "x"));
            }

            case "EC":
            {
                var crv = GetString(jwk, "crv");
                var algorithm = crv switch
                {
                    "P-256" => (EcdsaAlgorithm)KeyAlgorithm.P256,
                    "P-384" => (EcdsaAlgorithm)KeyAlgorithm.P384,
                    _ => throw new FormatException($"Unsupported EC curve '{crv}'."),
                };
                return algorithm.ImportUncompressed(GetBytes(jwk, "x"), GetBytes(jwk, "y"));
            }

            case "RSA":
            {
                var n = GetBytes(jwk, "n");
                var e = GetBytes(jwk, "e");
                if (n.Length == 0 || n[0] == 0 || e.Length == 0 || e[0] == 0)
                {
                    throw new FormatException("RSA 'n' and 'e' must be minimal big-endian integers.");
                }

                using var rsa = RSA.Create();
                try
                {
                    rsa.ImportParameters(new RSAParameters { Modulus = n, Exponent = e });
                }
                catch (CryptographicException ex)
                {
                    throw new FormatException("Invalid RSA public key.", ex);
                }

                return KeyAlgorithm.Rsa.ImportPublicKey(rsa.ExportRSAPublicKey());
            }

            default:
                throw new FormatException($"Unsupported JWK key type '{kty}'.");
        }
    }

    /// <summary>Exports a public key as a JWK (members in RFC 7638 thumbprint order).</summary>
    public static JsonObject ExportPublicKey(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (ReferenceEquals(key.Algorithm, KeyAlgorithm.Ed25519))
        {
            return new JsonObject { ["crv"] = "Ed25519", ["kty"] = "OKP", ["x"] = Base64UrlEncoding.Encode(key.Bytes.Span) };
        }

        if (key.Algorithm is EcdsaAlgorithm ec)
        {
            var (x, y) = EcPoint.Decompress(ec.Curve, key.Bytes.Span);
            return new JsonObject { ["crv"] = ec.Name, ["kty"] = "EC", ["x"] = Base64UrlEncoding.Encode(x), ["y"] = Base64UrlEncoding.Encode(y) };
        }

        using var rsa = RSA.Create();
        rsa.ImportRSAPublicKey(key.Bytes.Span, out _);
        var p = rsa.ExportParameters(false);
        return new JsonObject { ["e"] = Base64UrlEncoding.Encode(p.Exponent), ["kty"] = "RSA", ["n"] = Base64UrlEncoding.Encode(p.Modulus) };
    }

    /// <summary>The RSA parameters of an RSA public key (for JOSE verification with other paddings).</summary>
    public static RSAParameters ExportRsaParameters(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!ReferenceEquals(key.Algorithm, KeyAlgorithm.Rsa))
        {
            throw new ArgumentException("Not an RSA key.", nameof(key));
        }

        using var rsa = RSA.Create();
        rsa.ImportRSAPublicKey(key.Bytes.Span, out _);
        return rsa.ExportParameters(false);
    }

    private static string GetString(JsonObject jwk, string name) =>
        jwk[name] is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw new FormatException($"The JWK member '{name}' is missing or not a string.");

    private static byte[] GetBytes(JsonObject jwk, string name) => Base64UrlEncoding.Decode(GetString(jwk, name));
}
