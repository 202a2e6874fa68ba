using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.Dids;

/// <summary>
/// did:key (W3C CCG did:key v0.7) for Ed25519 (<c>z6Mk…</c>), P-256 (<c>zDn…</c>) and P-384 (<c>z82…</c>):
/// the DID is <c>did:key:</c> + the key's Multikey value, and its one verification method is <c>#</c> + the same value.
/// </summary>
public static class DidKey
{
    /// <summary>The DID prefix.</summary>
    public const string Prefix = "did:key:";

    /// <summary>The did:key DID of a public key.</summary>
    public static string FromPublicKey(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Prefix + key.ToMultibase();
    }

    /// <summary>The id of the did:key's verification method (<c>did:key:X#X</c>).</summary>
    public static string VerificationMethodId(PublicKey key)
    {
        var multibase = Multikey.EncodePublicKey(key);
        return Prefix + multibase + "#" + multibase;
    }

    /// <summary>Extracts the public key from a did:key DID or DID URL (fragment, if any, must repeat the key).</summary>
    /// <exception cref="FormatException">Not a did:key, or an unsupported or invalid key.</exception>
    public static PublicKey ParsePublicKey(string didOrDidUrl)
    {
        ArgumentNullException.ThrowIfNull(didOrDidUrl);
        if (!didOrDidUrl.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new FormatException("Not a did:key identifier.");
        }

        var rest = didOrDidUrl[Prefix.Length..];
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        var multibase = hash < 0 ? rest : rest[..hash];
        if (hash >= 0 && rest[(hash + 1)..] != multibase)
        {
            throw new FormatException("The did:key fragment does not match the key.");
        }

        return Multikey.DecodePublicKey(multibase);
    }
}
