using System.CommandLine;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Keys;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>
/// <c>mcred controller-document --key K.json [--id did:web:…|https://…] [--out did.json]</c>: the DID document (or,
/// for an https id, the controlled identifier document) that publishes the key's public half, so a verifier given it
/// with <c>--did-map</c> resolves the key offline. Works for Multikey files (Ed25519, P-256, P-384) and RSA JWKs.
/// </summary>
internal static class ControllerDocumentCommand
{
    public static Command Create(CliConsole console)
    {
        var key = new Option<string>("--key") { Description = "Key file (from mcred keygen; Multikey or RSA JWK). Only its public half is written", Required = true };
        var id = new Option<string?>("--id") { Description = "The document's id, a DID (did:web:…) or an https URL; default: the key's controller" };
        var output = new Option<string?>("--out") { Description = "Write the document here instead of standard output" };
        var command = new Command("controller-document", "Write the DID document / controlled identifier document publishing a key");
        command.Options.Add(key);
        command.Options.Add(id);
        command.Options.Add(output);
        command.SetAction((ParseResult r) =>
        {
            var path = r.GetValue(key)!;
            var json = CliConsole.ReadJsonObject(path, "--key", "a key file (a JSON object)");
            var isRsa = (json["kty"] as JsonValue)?.TryGetValue<string>(out var kty) == true && kty == "RSA";
            JsonObject method;
            string keyId;
            string controller;
            if (isRsa)
            {
                keyId = Str(json, "kid") ?? throw CliConsole.Refused(path, "--key", "an RSA JWK without a kid");
                controller = keyId.Split('#')[0];

                // Only the public members: a controller document is published, and an RSA private JWK carries d, p, q, ….
                var jwk = new JsonObject { ["kty"] = "RSA", ["n"] = Str(json, "n"), ["e"] = Str(json, "e") };
                method = new JsonObject { ["type"] = "JsonWebKey", ["publicKeyJwk"] = jwk };
            }
            else
            {
                using var file = CliParsing.ReadKey(path);
                keyId = file.Id;
                controller = file.Controller;
                method = file.ToVerificationMethodJson();
                method.Remove("id");
                method.Remove("controller");
            }

            var docId = r.GetValue(id) ?? controller;
            if (!docId.StartsWith("did:", StringComparison.Ordinal) && !docId.StartsWith("https://", StringComparison.Ordinal))
            {
                throw new CliException($"--id '{docId}' must be a DID or an https URL");
            }

            // The signer names its key by the key file's id, so the method keeps that fragment: a different one would
            // publish a key no proof refers to.
            var hash = keyId.IndexOf('#', StringComparison.Ordinal);
            var fragment = hash >= 0 && hash < keyId.Length - 1 ? keyId[(hash + 1)..] : "key-1";
            var methodId = docId + "#" + fragment;
            var vm = new JsonObject { ["id"] = methodId, ["type"] = method["type"]!.DeepClone(), ["controller"] = docId };
            foreach (var (name, value) in method)
            {
                if (name != "type")
                {
                    vm[name] = value?.DeepClone();
                }
            }

            var contexts = new JsonArray(docId.StartsWith("did:", StringComparison.Ordinal) ? "https://www.w3.org/ns/did/v1" : "https://www.w3.org/ns/cid/v1");
            contexts.Add(isRsa ? "https://w3id.org/security/jwk/v1" : "https://w3id.org/security/multikey/v1");
            var document = new JsonObject
            {
                ["@context"] = contexts,
                ["id"] = docId,
                ["verificationMethod"] = new JsonArray(vm),
                ["assertionMethod"] = new JsonArray(methodId),
                ["authentication"] = new JsonArray(methodId),
            };
            if (keyId.Split('#')[0] != docId)
            {
                console.Error.WriteLine($"warning: the key file names its key '{keyId}', not '{methodId}'; proofs it makes will not resolve to this document (use keygen --controller {docId})");
            }

            console.WriteJsonTo(r.GetValue(output), document);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string? Str(JsonObject json, string name) => (json[name] as JsonValue)?.TryGetValue<string>(out var s) == true ? s : null;
}
