using System.Text;
using System.Text.Json;

namespace MicroCredentials.Signing.Jades.Internal;

/// <summary>Reads the three JWS serializations (RFC 7515 §7) with the JAdES unprotected header <c>etsiU</c>.</summary>
internal static class JwsParser
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 64, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>The parse failure, as a code and a message.</summary>
    internal sealed class ParseException(string code, string message) : Exception(message)
    {
        public string Code { get; } = code;
    }

    public static JwsDocument Parse(ReadOnlySpan<byte> input, JadesLimits limits)
    {
        if (input.Length > limits.MaxInputBytes)
        {
            throw new ParseException(JadesCodes.LimitExceeded, $"input of {input.Length} bytes exceeds the limit of {limits.MaxInputBytes}");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(input);
        }
        catch (DecoderFallbackException)
        {
            throw new ParseException(JadesCodes.Malformed, "the input is not UTF-8 text");
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        return text.TrimStart().StartsWith('{') ? ParseJson(text, limits) : ParseCompact(text, limits);
    }

    private static JwsDocument ParseCompact(string text, JadesLimits limits)
    {
        // DSS accepts trailing line breaks after a compact JWS, nothing else around it.
        var trimmed = text.TrimEnd('\n', '\r');
        var parts = trimmed.Split('.');
        if (parts.Length != 3 || trimmed.Any(c => char.IsWhiteSpace(c)))
        {
            throw new ParseException(JadesCodes.Malformed, "not a compact JWS (three base64url segments separated by '.')");
        }

        var doc = new JwsDocument { Serialization = "compact", Payload = parts[1] };
        doc.Signatures.Add(ReadSignature(parts[0], parts[2], null, limits));
        return doc;
    }

    private static JwsDocument ParseJson(string text, JadesLimits limits)
    {
        JsonElement root;
        try
        {
            using var d = JsonDocument.Parse(text, JsonOptions);
            root = d.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ParseException(JadesCodes.Malformed, "invalid JSON: " + ex.Message);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ParseException(JadesCodes.Malformed, "a JWS JSON serialization is an object");
        }

        RefuseDuplicates(root, "$");
        string? payload = null;
        if (root.TryGetProperty("payload", out var p))
        {
            if (p.ValueKind != JsonValueKind.String)
            {
                throw new ParseException(JadesCodes.PayloadInvalid, $"#/payload must be a string, not {p.ValueKind}");
            }

            payload = p.GetString();
        }

        if (root.TryGetProperty("signatures", out var sigs))
        {
            if (sigs.ValueKind != JsonValueKind.Array)
            {
                throw new ParseException(JadesCodes.Malformed, "#/signatures must be an array");
            }

            if (sigs.GetArrayLength() == 0)
            {
                throw new ParseException(JadesCodes.NoSignatures, "the signatures array is empty");
            }

            if (sigs.GetArrayLength() > limits.MaxSignatures)
            {
                throw new ParseException(JadesCodes.LimitExceeded, $"more than {limits.MaxSignatures} signatures");
            }

            var general = new JwsDocument { Serialization = "json", Payload = payload };
            foreach (var s in sigs.EnumerateArray())
            {
                general.Signatures.Add(ReadJsonSignature(s, limits));
            }

            return general;
        }

        if (!root.TryGetProperty("signature", out _))
        {
            throw new ParseException(JadesCodes.NoSignatures, "neither signatures nor signature");
        }

        var flat = new JwsDocument { Serialization = "flattened-json", Payload = payload };
        flat.Signatures.Add(ReadJsonSignature(root, limits));
        return flat;
    }

    private static JwsSignature ReadJsonSignature(JsonElement s, JadesLimits limits)
    {
        if (s.ValueKind != JsonValueKind.Object
            || !s.TryGetProperty("protected", out var prot) || prot.ValueKind != JsonValueKind.String
            || !s.TryGetProperty("signature", out var sig) || sig.ValueKind != JsonValueKind.String)
        {
            throw new ParseException(JadesCodes.Malformed, "a signature needs string members protected and signature");
        }

        JsonElement? header = null;
        if (s.TryGetProperty("header", out var h))
        {
            if (h.ValueKind != JsonValueKind.Object)
            {
                throw new ParseException(JadesCodes.Malformed, "header must be an object");
            }

            header = h;
        }

        return ReadSignature(prot.GetString()!, sig.GetString()!, header, limits);
    }

    private static JwsSignature ReadSignature(string protectedB64, string signatureB64, JsonElement? header, JadesLimits limits)
    {
        if (!B64.TryUrlDecode(protectedB64, out var protBytes) || protBytes.Length == 0)
        {
            throw new ParseException(JadesCodes.Malformed, "the protected header is not base64url");
        }

        if (!B64.TryUrlDecode(signatureB64, out var sigBytes))
        {
            throw new ParseException(JadesCodes.Malformed, "the signature value is not base64url");
        }

        JsonElement prot;
        try
        {
            using var d = JsonDocument.Parse(protBytes, JsonOptions);
            prot = d.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ParseException(JadesCodes.Malformed, "the protected header is not JSON: " + ex.Message);
        }

        if (prot.ValueKind != JsonValueKind.Object)
        {
            throw new ParseException(JadesCodes.Malformed, "the protected header is not a JSON object");
        }

        RefuseDuplicates(prot, "protected");
        var result = new JwsSignature { ProtectedB64 = protectedB64, Protected = prot, SignatureB64 = signatureB64, SignatureValue = sigBytes, Unprotected = header };
        if (header is { } hdr)
        {
            foreach (var m in hdr.EnumerateObject())
            {
                if (prot.TryGetProperty(m.Name, out _))
                {
                    throw new ParseException(JadesCodes.DuplicateHeader, $"header member {m.Name} is both protected and unprotected (RFC 7515 §7.2.1)");
                }
            }

            if (hdr.TryGetProperty("etsiU", out var etsiU))
            {
                ReadEtsiU(etsiU, result, limits);
            }
        }

        return result;
    }

    private static void ReadEtsiU(JsonElement etsiU, JwsSignature sig, JadesLimits limits)
    {
        if (etsiU.ValueKind != JsonValueKind.Array)
        {
            sig.StructureErrors.Add((JadesCodes.EtsiUInvalid, $"#/header/etsiU must be an array, not {etsiU.ValueKind}"));
            return;
        }

        if (etsiU.GetArrayLength() > limits.MaxEtsiUComponents)
        {
            throw new ParseException(JadesCodes.LimitExceeded, $"more than {limits.MaxEtsiUComponents} etsiU components");
        }

        bool? form = null;
        foreach (var item in etsiU.EnumerateArray())
        {
            JsonElement value;
            bool b64;
            string raw;
            if (item.ValueKind == JsonValueKind.String)
            {
                raw = item.GetString()!;
                b64 = true;
                if (!B64.TryUrlDecode(raw, out var bytes))
                {
                    sig.StructureErrors.Add((JadesCodes.EtsiUInvalid, "an etsiU string is not base64url"));
                    continue;
                }

                try
                {
                    using var d = JsonDocument.Parse(bytes, JsonOptions);
                    value = d.RootElement.Clone();
                }
                catch (JsonException)
                {
                    sig.StructureErrors.Add((JadesCodes.EtsiUInvalid, "an etsiU string does not decode to JSON"));
                    continue;
                }
            }
            else if (item.ValueKind == JsonValueKind.Object)
            {
                raw = item.GetRawText();
                b64 = false;
                value = item;
            }
            else
            {
                sig.StructureErrors.Add((JadesCodes.EtsiUInvalid, $"an etsiU component is a {item.ValueKind}"));
                continue;
            }

            if (form is { } f && f != b64)
            {
                sig.StructureErrors.Add((JadesCodes.EtsiUInvalid, "etsiU mixes base64url and clear-JSON components (all components shall have a common form)"));
            }

            form = b64;
            if (value.ValueKind != JsonValueKind.Object || value.EnumerateObject().Count() != 1)
            {
                sig.StructureErrors.Add((JadesCodes.EtsiUInvalid, "an etsiU component must be an object with exactly one member"));
                continue;
            }

            RefuseDuplicates(value, "etsiU");
            var member = value.EnumerateObject().First();
            sig.EtsiU.Add(new EtsiUComponent(member.Name, member.Value, raw, b64));
        }
    }

    /// <summary>Refuses an object that names a member twice, at any depth (RFC 7515 §4, RFC 8259 interoperability).</summary>
    private static void RefuseDuplicates(JsonElement e, string where)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var m in e.EnumerateObject())
                {
                    if (!seen.Add(m.Name))
                    {
                        throw new ParseException(JadesCodes.DuplicateHeader, $"an entry for '{m.Name}' already exists ({where})");
                    }

                    RefuseDuplicates(m.Value, where);
                }

                break;
            case JsonValueKind.Array:
                foreach (var i in e.EnumerateArray())
                {
                    RefuseDuplicates(i, where);
                }

                break;
        }
    }
}
