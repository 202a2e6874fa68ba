using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.Dids;

/// <summary>
/// A Multikey key file, the shape the reference JavaScript kit uses:
/// <c>{"id","type":"Multikey","controller","publicKeyMultibase","secretKeyMultibase"}</c>.
/// Disposing it zeroes the secret.
/// </summary>
public sealed class KeyFile : IDisposable
{
    private KeyFile(string id, string controller, KeyPair keyPair)
    {
        Id = id;
        Controller = controller;
        KeyPair = keyPair;
    }

    /// <summary>The verification method id (e.g. <c>did:key:z6Mk…#z6Mk…</c>).</summary>
    public string Id { get; }

    /// <summary>The controller (e.g. the did:key DID or the issuer's URL).</summary>
    public string Controller { get; }

    /// <summary>The key pair.</summary>
    public KeyPair KeyPair { get; }

    /// <summary>Generates a key whose controller is its did:key DID.</summary>
    public static KeyFile Generate(KeyAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var keyPair = algorithm.GenerateKeyPair();
        var did = DidKey.FromPublicKey(keyPair.PublicKey);
        return new KeyFile(DidKey.VerificationMethodId(keyPair.PublicKey), did, keyPair);
    }

    /// <summary>Wraps an existing key pair with an id and controller (the key file then owns it).</summary>
    public static KeyFile Create(KeyPair keyPair, string id, string controller)
    {
        ArgumentNullException.ThrowIfNull(keyPair);
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(controller);
        return new KeyFile(id, controller, keyPair);
    }

    /// <summary>Parses a key file. <c>id</c> and <c>controller</c> default to the did:key form when absent.</summary>
    /// <exception cref="FormatException">Not a Multikey key file, or the public and secret keys do not match.</exception>
    public static KeyFile Parse(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var type = Str(json, "type");
        if (type is not null && type != Multikey.TypeName)
        {
            throw new FormatException($"Unsupported key file type '{type}'; expected Multikey.");
        }

        var secret = Str(json, "secretKeyMultibase") ?? Str(json, "privateKeyMultibase")
            ?? throw new FormatException("The key file has no secretKeyMultibase.");
        var keyPair = Multikey.DecodeSecretKey(secret);
        try
        {
            var publicMultibase = Str(json, "publicKeyMultibase");
            if (publicMultibase is not null && !Multikey.DecodePublicKey(publicMultibase).Equals(keyPair.PublicKey))
            {
                throw new FormatException("publicKeyMultibase does not match secretKeyMultibase.");
            }

            var controller = Str(json, "controller") ?? DidKey.FromPublicKey(keyPair.PublicKey);
            var id = Str(json, "id") ?? DidKey.VerificationMethodId(keyPair.PublicKey);
            if (id.StartsWith('#'))
            {
                id = controller + id;
            }

            return new KeyFile(id, controller, keyPair);
        }
        catch
        {
            keyPair.Dispose();
            throw;
        }
    }

    /// <summary>Loads a key file from disk.</summary>
    public static async Task<KeyFile> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new FormatException("The key file is not valid JSON.", ex);
        }

        return Parse(node as JsonObject ?? throw new FormatException("The key file is not a JSON object."));
    }

    /// <summary>The key file as JSON, secret included.</summary>
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["type"] = Multikey.TypeName,
        ["controller"] = Controller,
        ["publicKeyMultibase"] = KeyPair.PublicKey.ToMultibase(),
        ["secretKeyMultibase"] = KeyPair.ExportSecretMultibase(),
    };

    /// <summary>The public verification method (no secret), ready to embed in a controller document.</summary>
    public JsonObject ToVerificationMethodJson() => new()
    {
        ["id"] = Id,
        ["type"] = Multikey.TypeName,
        ["controller"] = Controller,
        ["publicKeyMultibase"] = KeyPair.PublicKey.ToMultibase(),
    };

    /// <summary>Saves the key file (with the secret) to disk.</summary>
    public async Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var text = ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        await File.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A signer for this key with <see cref="Id"/> as its verification method.</summary>
    public ISigner CreateSigner() => new KeyPairSigner(KeyPair, Id);

    /// <summary>Zeroes the secret.</summary>
    public void Dispose() => KeyPair.Dispose();

    private static string? Str(JsonObject json, string name) =>
        json[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
