using System.Security.Cryptography;
using System.Text;

namespace MicroCredentials.Signing.Model;

/// <summary>
/// The Open Badges 3.0 <c>identityHash</c> rule: <c>sha256$</c> + lowercase hex of SHA-256(UTF-8(identity + salt)).
/// E-mail addresses are hashed exactly as given: normalise (trim, lower-case) before calling if your platform does.
/// </summary>
public static class IdentityHash
{
    /// <summary>The prefix of a SHA-256 identity hash.</summary>
    public const string Sha256Prefix = "sha256$";

    /// <summary>Computes <c>sha256$&lt;hex&gt;</c> for <paramref name="identity"/> and <paramref name="salt"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string Compute(string identity, string salt)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(salt);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(identity + salt));
        return Sha256Prefix + Convert.ToHexString(digest).ToLowerInvariant();
    }

    /// <summary>Makes a random salt (16 random bytes, hex) suitable for <see cref="Compute"/>.</summary>
    public static string NewSalt() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    /// <summary>Whether <paramref name="identity"/> with <paramref name="salt"/> hashes to <paramref name="hash"/> (constant time).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static bool Matches(string identity, string salt, string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var expected = Encoding.ASCII.GetBytes(Compute(identity, salt));
        var actual = Encoding.ASCII.GetBytes(hash.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>Whether <paramref name="value"/> has the form <c>sha256$</c> + 64 lowercase hex digits.</summary>
    public static bool IsSha256Hash(string? value)
    {
        if (value is null || value.Length != Sha256Prefix.Length + 64 || !value.StartsWith(Sha256Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = Sha256Prefix.Length; i < value.Length; i++)
        {
            var c = value[i];
            if (!(c is >= '0' and <= '9' or >= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}
