using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Primitives;

namespace MicroCredentials.Signing.Jose;

/// <summary>
/// Issues and verifies VC-JWTs (compact JWS, RFC 7515) carrying Open Badges 3.0 / VC credentials: the OB 3.0 /
/// VC 1.1 shape (credential under <c>vc</c>, registered claims mapped from it) and VC-JOSE-COSE
/// <c>application/vc+jwt</c> (the payload is the credential).
/// </summary>
/// <remarks>
/// A small compact-JWS implementation rather than System.IdentityModel.Tokens.Jwt: every byte of header and payload
/// goes through <see cref="SafeJson"/> (size limits, duplicate member names refused), the algorithm is fixed by the
/// key type before any cryptography runs, and no key is ever looked up or fetched except through the caller's
/// <see cref="IJwtKeyResolver"/>. Verification never throws for bad input.
/// </remarks>
public static class VcJwt
{
    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256 (Open Badges 3.0's required minimum).</summary>
    public const string RS256 = "RS256";

    /// <summary>ECDSA on P-256 with SHA-256, signature as 64-byte <c>r‖s</c>.</summary>
    public const string ES256 = "ES256";

    /// <summary>EdDSA with Ed25519 (RFC 8037).</summary>
    public const string EdDSA = "EdDSA";

    private static readonly string[] RegisteredClaims = ["iss", "sub", "jti", "nbf", "exp", "iat", "aud"];
    private static readonly JsonInputLimits HeaderLimits = new() { MaxBytes = 16 * 1024, MaxDepth = 4, MaxPropertiesPerObject = 32, MaxArrayItems = 32, MaxStringLength = 8 * 1024 };

    /// <summary>The JWS <c>alg</c> this library uses for a key type, or null when the key type cannot be used in a JWT.</summary>
    /// <param name="algorithm">The key type.</param>
    /// <returns><c>RS256</c>, <c>ES256</c>, <c>EdDSA</c> or null.</returns>
    public static string? JwsAlgorithmFor(KeyAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        if (ReferenceEquals(algorithm, KeyAlgorithm.Rsa))
        {
            return RS256;
        }

        if (ReferenceEquals(algorithm, KeyAlgorithm.P256))
        {
            return ES256;
        }

        return ReferenceEquals(algorithm, KeyAlgorithm.Ed25519) ? EdDSA : null;
    }

    /// <summary>Signs a credential as a compact JWS.</summary>
    /// <param name="credential">The unsigned credential (it must name its issuer). It is not modified.</param>
    /// <param name="signer">The issuer's signer (Ed25519, P-256 or RSA).</param>
    /// <param name="options">Shape and header options; <see cref="VcJwtIssueOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The compact JWS.</returns>
    public static async ValueTask<string> IssueAsync(JsonObject credential, ISigner signer, VcJwtIssueOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(signer);
        options ??= VcJwtIssueOptions.Default;
        var alg = JwsAlgorithmFor(signer.Algorithm)
            ?? throw new ArgumentException($"{signer.Algorithm.Name} keys cannot sign VC-JWTs (use Ed25519, P-256 or RSA).", nameof(signer));
        if (options.Algorithm is not null && options.Algorithm != alg)
        {
            throw new ArgumentException($"A {signer.Algorithm.Name} key signs {alg}, not {options.Algorithm}.", nameof(options));
        }

        if (options.EmbeddedPublicKey is not null && !ReferenceEquals(options.EmbeddedPublicKey.Algorithm, signer.Algorithm))
        {
            throw new ArgumentException("The embedded public key is not of the signer's key type.", nameof(options));
        }

        var issuer = IssuerId(credential) ?? throw new ArgumentException("The credential has no issuer (a string or an object with an id).", nameof(credential));

        var header = new JsonObject { ["alg"] = alg, ["typ"] = options.Format == VcJwtFormat.VcJwt ? "vc+jwt" : "JWT" };
        var kid = options.KeyId ?? signer.VerificationMethodId;
        if (!string.IsNullOrEmpty(kid))
        {
            header["kid"] = kid;
        }

        if (options.EmbeddedPublicKey is not null)
        {
            header["jwk"] = Jwk.ExportPublicKey(options.EmbeddedPublicKey);
        }

        JsonObject payload;
        if (options.Format == VcJwtFormat.VcJwt)
        {
            payload = (JsonObject)credential.DeepClone();
        }
        else
        {
            payload = new JsonObject { ["iss"] = issuer };
            if (SubjectId(credential) is { } sub)
            {
                payload["sub"] = sub;
            }

            if (Str(credential, "id") is { } jti)
            {
                payload["jti"] = jti;
            }

            if (ValidFrom(credential, out var nbfText) is { } nbf)
            {
                payload["nbf"] = nbf.ToUnixTimeSeconds();
            }
            else if (nbfText is not null)
            {
                throw new ArgumentException($"The credential's validity start '{nbfText}' is not a date-time.", nameof(credential));
            }

            if (ValidUntil(credential, out var expText) is { } exp)
            {
                payload["exp"] = exp.ToUnixTimeSeconds();
            }
            else if (expText is not null)
            {
                throw new ArgumentException($"The credential's validity end '{expText}' is not a date-time.", nameof(credential));
            }

            payload["vc"] = credential.DeepClone();
        }

        var signingInput = Base64UrlEncoding.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64UrlEncoding.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signature = await signer.SignAsync(Encoding.ASCII.GetBytes(signingInput), cancellationToken).ConfigureAwait(false);
        return signingInput + "." + Base64UrlEncoding.Encode(signature);
    }

    /// <summary>
    /// Verifies a VC-JWT: size, header (alg allow-list, <c>crit</c>, <c>typ</c>), payload, issuer key binding
    /// (<c>kid</c> or <c>jwk</c>), alg/key-type match, signature, registered claims against the credential, and the
    /// validity window. Returns a coded result; never throws for bad input.
    /// </summary>
    /// <param name="jwt">The compact JWS.</param>
    /// <param name="keyResolver">Supplies issuer keys; <see cref="StaticJwtKeyResolver.Empty"/> accepts only did:key/did:jwk issuers.</param>
    /// <param name="options">Limits and clock; <see cref="JwtVerificationOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels key resolution.</param>
    /// <returns>The result.</returns>
    public static async ValueTask<JwtVerificationResult> VerifyAsync(string jwt, IJwtKeyResolver keyResolver, JwtVerificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        ArgumentNullException.ThrowIfNull(keyResolver);
        options ??= JwtVerificationOptions.Default;

        // 1. Shape and size, before decoding anything.
        if (jwt.Length > options.MaxTokenLength)
        {
            return Fail(JwtErrorCodes.TooLarge, $"The token is {jwt.Length} characters; the limit is {options.MaxTokenLength}.");
        }

        var token = jwt.Trim();
        var firstDot = token.IndexOf('.', StringComparison.Ordinal);
        var lastDot = token.LastIndexOf('.');
        if (firstDot <= 0 || lastDot == firstDot || token.IndexOf('.', firstDot + 1) != lastDot)
        {
            return Fail(JwtErrorCodes.Malformed, "Not a compact JWS (three base64url parts separated by dots).");
        }

        if (firstDot > options.MaxHeaderLength)
        {
            return Fail(JwtErrorCodes.TooLarge, $"The header is {firstDot} characters; the limit is {options.MaxHeaderLength}.");
        }

        // 2. Header.
        if (!Base64UrlEncoding.TryDecode(token.AsSpan(0, firstDot), out var headerBytes))
        {
            return Fail(JwtErrorCodes.Malformed, "The header is not canonical base64url.");
        }

        var headerResult = SafeJson.TryParse(headerBytes, HeaderLimits);
        if (headerResult.Value is not JsonObject header)
        {
            return Fail(JwtErrorCodes.Malformed, "The header is not a JSON object" + Reason(headerResult));
        }

        if (header["alg"] is not JsonValue algValue || !algValue.TryGetValue<string>(out var alg))
        {
            return Fail(JwtErrorCodes.Malformed, "The header has no string 'alg'.", header);
        }

        if (alg is not (RS256 or ES256 or EdDSA))
        {
            return Fail(JwtErrorCodes.AlgNotAllowed, $"The algorithm '{Clip(alg)}' is not allowed (allowed: RS256, ES256, EdDSA).", header);
        }

        if (CheckCritical(header, options) is { } critError)
        {
            return Fail(JwtErrorCodes.CritUnsupported, critError, header);
        }

        if (header.ContainsKey("typ") && !IsAcceptedType(Str(header, "typ")))
        {
            return Fail(JwtErrorCodes.Malformed, "The 'typ' header is not JWT or vc+jwt.", header);
        }

        // 3. Payload and credential.
        if (!Base64UrlEncoding.TryDecode(token.AsSpan(firstDot + 1, lastDot - firstDot - 1), out var payloadBytes))
        {
            return Fail(JwtErrorCodes.Malformed, "The payload is not canonical base64url.", header);
        }

        var payloadResult = SafeJson.TryParse(payloadBytes, options.PayloadLimits);
        if (payloadResult.Value is not JsonObject claims)
        {
            return Fail(payloadResult.ErrorCode == JsonInputException.TooLarge ? JwtErrorCodes.TooLarge : JwtErrorCodes.Malformed, "The payload is not a JSON object" + Reason(payloadResult), header);
        }

        JsonObject credential;
        VcJwtFormat format;
        if (claims.ContainsKey("vc"))
        {
            if (claims["vc"] is not JsonObject vc)
            {
                return Fail(JwtErrorCodes.Malformed, "The 'vc' claim is not an object.", header, claims);
            }

            credential = vc;
            format = VcJwtFormat.VcClaim;
        }
        else if (claims.ContainsKey("@context"))
        {
            credential = (JsonObject)claims.DeepClone();
            foreach (var name in RegisteredClaims)
            {
                credential.Remove(name);
            }

            format = VcJwtFormat.VcJwt;
        }
        else
        {
            return Fail(JwtErrorCodes.Malformed, "The payload holds no credential (neither a 'vc' claim nor '@context').", header, claims);
        }

        var issuer = IssuerId(credential);
        if (issuer is null)
        {
            return Fail(JwtErrorCodes.Malformed, "The credential has no issuer id.", header, claims, credential, format);
        }

        // 4. The issuer's key, from jwk or kid, bound to the issuer.
        var (key, keyCode, keyMessage, keyUndetermined) = await ResolveKeyAsync(header, issuer, keyResolver, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            var failed = Fail(keyCode!, keyMessage!, header, claims, credential, format);
            return keyUndetermined ? failed.AsUndetermined() : failed;
        }

        // 5. The algorithm is fixed by the key type: no algorithm confusion.
        if (JwsAlgorithmFor(key.Algorithm) != alg)
        {
            return Fail(JwtErrorCodes.AlgKeyMismatch, $"'{alg}' does not match the issuer's {key.Algorithm.Name} key.", header, claims, credential, format, key);
        }

        // 6. Signature.
        if (!Base64UrlEncoding.TryDecode(token.AsSpan(lastDot + 1), out var signature) || signature.Length == 0)
        {
            return Fail(JwtErrorCodes.SignatureInvalid, "The signature is missing or not canonical base64url.", header, claims, credential, format, key);
        }

        if (!key.Verify(Encoding.ASCII.GetBytes(token[..lastDot]), signature))
        {
            return Fail(JwtErrorCodes.SignatureInvalid, "The signature does not verify with the issuer's key.", header, claims, credential, format, key);
        }

        // 7. Registered claims agree with the credential.
        if (CheckClaims(claims, credential, issuer, format) is { } claimsError)
        {
            return Fail(JwtErrorCodes.ClaimsMismatch, claimsError, header, claims, credential, format, key);
        }

        // 8. Validity window.
        var now = options.TimeProvider.GetUtcNow();
        var notBefore = Number(claims, "nbf") is { } nbf ? DateTimeOffset.FromUnixTimeSeconds((long)Math.Floor(nbf)) : ValidFrom(credential, out _);
        var expires = Number(claims, "exp") is { } exp ? DateTimeOffset.FromUnixTimeSeconds((long)Math.Floor(exp)) : ValidUntil(credential, out _);
        if (expires is { } e && now - options.ClockSkew >= e)
        {
            return Fail(JwtErrorCodes.Expired, $"The credential expired at {e:O}.", header, claims, credential, format, key);
        }

        if (notBefore is { } n && now + options.ClockSkew < n)
        {
            return Fail(JwtErrorCodes.NotYetValid, $"The credential is not valid before {n:O}.", header, claims, credential, format, key);
        }

        return JwtVerificationResult.Success(header, claims, credential, format, key);

        JwtVerificationResult Fail(string code, string message, JsonObject? h = null, JsonObject? c = null, JsonObject? vc = null, VcJwtFormat? f = null, PublicKey? k = null) =>
            JwtVerificationResult.Failure(code, message, h, c, vc, f, k);
    }

    private static async ValueTask<(PublicKey? Key, string? Code, string? Message, bool Undetermined)> ResolveKeyAsync(JsonObject header, string issuer, IJwtKeyResolver resolver, CancellationToken cancellationToken)
    {
        PublicKey? fromKid = null;
        if (header.ContainsKey("kid"))
        {
            var kid = Str(header, "kid");
            if (kid is null)
            {
                return (null, JwtErrorCodes.KidUnresolved, "The 'kid' header is not a string.", false);
            }

            var (absolute, code, message) = CheckKid(kid, issuer);
            if (absolute is null)
            {
                return (null, code, message, false);
            }

            string? cause = null;
            var causeUndetermined = false;
            fromKid = DidKeyOf(absolute, out var didError);
            if (fromKid is null && didError is null)
            {
                try
                {
                    fromKid = await resolver.ResolveKeyAsync(absolute, issuer, cancellationToken).ConfigureAwait(false);
                }
                catch (VerificationMethodException ex)
                {
                    // A resolver may say why (a document about another identity, one that could not be obtained).
                    cause = $"{ex.Message} [{ex.Code}]";
                    causeUndetermined = VerificationMethodErrorCodes.IsUnobtainable(ex.Code);
                }
            }

            if (fromKid is null && !header.ContainsKey("jwk"))
            {
                return (null, JwtErrorCodes.KidUnresolved, didError ?? $"The key '{Clip(kid)}' could not be resolved" + (cause is null ? "." : ": " + cause), causeUndetermined);
            }
        }

        if (header.ContainsKey("jwk"))
        {
            if (header["jwk"] is not JsonObject jwk)
            {
                return (null, JwtErrorCodes.Malformed, "The 'jwk' header is not an object.", false);
            }

            PublicKey embedded;
            try
            {
                embedded = Jwk.ImportPublicKey(jwk);
            }
            catch (FormatException ex)
            {
                return (null, JwtErrorCodes.Malformed, "The 'jwk' header is not a usable public key: " + ex.Message, false);
            }

            if (fromKid is not null && !fromKid.Equals(embedded))
            {
                return (null, JwtErrorCodes.JwkNotIssuerKey, "The 'jwk' header differs from the key named by 'kid'.", false);
            }

            var bound = fromKid is not null
                || embedded.Equals(DidKeyOf(issuer, out _))
                || await resolver.IsIssuerKeyAsync(issuer, embedded, cancellationToken).ConfigureAwait(false);
            return bound
                ? (embedded, null, null, false)
                : (null, JwtErrorCodes.JwkNotIssuerKey, "The 'jwk' header is not a key of the credential's issuer.", false);
        }

        if (fromKid is not null)
        {
            return (fromKid, null, null, false);
        }

        // No kid and no jwk: only an issuer whose identifier is its key can be verified.
        return DidKeyOf(issuer, out var error) is { } own
            ? (own, null, null, false)
            : (null, JwtErrorCodes.KidUnresolved, error ?? "The header names no key (no 'kid' or 'jwk') and the issuer is not a did:key or did:jwk.", false);
    }

    /// <summary>Checks a <c>kid</c> and makes it absolute. It must be the issuer's: a DID URL of the issuer's DID, an HTTPS URL on the issuer's origin, or a fragment.</summary>
    internal static (string? Absolute, string? Code, string? Message) CheckKid(string kid, string issuer)
    {
        if (kid.Length is 0 or > 2048)
        {
            return (null, JwtErrorCodes.KidUnresolved, "The 'kid' is empty or too long.");
        }

        foreach (var c in kid)
        {
            if (c is <= ' ' or > '~' or '\\' or '"' or '<' or '>' or '`' or '{' or '}' or '|' or '^')
            {
                return (null, JwtErrorCodes.KidUnresolved, "The 'kid' holds characters not allowed in a URI.");
            }
        }

        // Dot segments and encoded dots/slashes only serve to escape a path; no legitimate key id needs them.
        if (kid.Contains("..", StringComparison.Ordinal) || kid.Contains("/./", StringComparison.Ordinal)
            || kid.Contains("%2e", StringComparison.OrdinalIgnoreCase) || kid.Contains("%2f", StringComparison.OrdinalIgnoreCase)
            || kid.Contains("%5c", StringComparison.OrdinalIgnoreCase) || kid.Contains("%00", StringComparison.Ordinal))
        {
            return (null, JwtErrorCodes.KidUnresolved, "The 'kid' contains path traversal sequences.");
        }

        if (kid.StartsWith('#'))
        {
            if (issuer.Contains('#', StringComparison.Ordinal))
            {
                return (null, JwtErrorCodes.KidUnresolved, "A relative 'kid' needs an issuer id without a fragment.");
            }

            return (issuer + kid, null, null);
        }

        if (kid.StartsWith("did:", StringComparison.Ordinal))
        {
            var end = kid.IndexOfAny(['#', '?', '/']);
            var did = end < 0 ? kid : kid[..end];
            return did == issuer
                ? (kid, null, null)
                : (null, JwtErrorCodes.KidNotIssuerKey, $"The 'kid' belongs to {Clip(did)}, not to the issuer {Clip(issuer)}.");
        }

        if (kid.StartsWith("https://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(kid, UriKind.Absolute, out var kidUri) || kidUri.UserInfo.Length > 0 || kid.Contains('@', StringComparison.Ordinal))
            {
                return (null, JwtErrorCodes.KidUnresolved, "The 'kid' is not a plain HTTPS URL.");
            }

            if (!Uri.TryCreate(issuer, UriKind.Absolute, out var issuerUri) || issuerUri.Scheme != Uri.UriSchemeHttps
                || !string.Equals(issuerUri.IdnHost, kidUri.IdnHost, StringComparison.OrdinalIgnoreCase) || issuerUri.Port != kidUri.Port)
            {
                return (null, JwtErrorCodes.KidNotIssuerKey, "The 'kid' is not on the issuer's HTTPS origin.");
            }

            return (kid, null, null);
        }

        return (null, JwtErrorCodes.KidUnresolved, "The 'kid' must be a DID URL, an HTTPS URL or a '#fragment' of the issuer.");
    }

    /// <summary>The key a did:key or did:jwk identifier (or DID URL) denotes; null otherwise, with an error when the DID is broken.</summary>
    private static PublicKey? DidKeyOf(string didOrUrl, out string? error)
    {
        error = null;
        try
        {
            if (didOrUrl.StartsWith(DidKey.Prefix, StringComparison.Ordinal))
            {
                return DidKey.ParsePublicKey(didOrUrl);
            }

            if (didOrUrl.StartsWith("did:jwk:", StringComparison.Ordinal))
            {
                var end = didOrUrl.IndexOf('#', StringComparison.Ordinal);
                var encoded = didOrUrl.AsSpan("did:jwk:".Length, (end < 0 ? didOrUrl.Length : end) - "did:jwk:".Length);
                if (end >= 0 && didOrUrl[(end + 1)..] != "0")
                {
                    throw new FormatException("A did:jwk key id must end in '#0'.");
                }

                if (!Base64UrlEncoding.TryDecode(encoded, out var jwkBytes))
                {
                    throw new FormatException("The did:jwk identifier is not base64url.");
                }

                return Jwk.ImportPublicKey(SafeJson.ParseObject(jwkBytes, HeaderLimits));
            }
        }
        catch (Exception ex) when (ex is FormatException or JsonInputException)
        {
            error = "The issuer's key identifier is not a valid did:key/did:jwk: " + ex.Message;
        }

        return null;
    }

    private static string? CheckCritical(JsonObject header, JwtVerificationOptions options)
    {
        // RFC 7797 unencoded payloads change what is signed; we never implement them.
        if (header.ContainsKey("b64"))
        {
            return "The 'b64' header (RFC 7797) is not supported.";
        }

        if (!header.ContainsKey("crit"))
        {
            return null;
        }

        if (header["crit"] is not JsonArray crit || crit.Count == 0)
        {
            return "'crit' must be a non-empty array.";
        }

        foreach (var item in crit)
        {
            if (item is not JsonValue v || !v.TryGetValue<string>(out var name))
            {
                return "'crit' entries must be strings.";
            }

            if (!options.UnderstoodCriticalHeaders.Contains(name))
            {
                return $"The critical header '{Clip(name)}' is not understood.";
            }

            if (!header.ContainsKey(name) || name is "alg" or "kid" or "jwk" or "typ" or "crit")
            {
                return $"The critical header '{Clip(name)}' is absent or a registered header.";
            }
        }

        return null;
    }

    private static bool IsAcceptedType(string? typ)
    {
        if (typ is null)
        {
            return false;
        }

        var t = typ.StartsWith("application/", StringComparison.OrdinalIgnoreCase) ? typ["application/".Length..] : typ;
        return t.Equals("JWT", StringComparison.OrdinalIgnoreCase)
            || t.Equals("vc+jwt", StringComparison.OrdinalIgnoreCase)
            || t.Equals("vc+ld+jwt", StringComparison.OrdinalIgnoreCase);
    }

    internal static string? CheckClaims(JsonObject claims, JsonObject credential, string issuer, VcJwtFormat format)
    {
        if (claims.ContainsKey("iss") ? Str(claims, "iss") != issuer : format == VcJwtFormat.VcClaim)
        {
            return "'iss' must be present and equal the credential's issuer id.";
        }

        if (claims.ContainsKey("jti") && Str(claims, "jti") != Str(credential, "id"))
        {
            return "'jti' does not equal the credential id.";
        }

        if (claims.ContainsKey("sub") && Str(claims, "sub") != SubjectId(credential))
        {
            return "'sub' does not equal credentialSubject.id.";
        }

        if (claims.ContainsKey("nbf") && !SameInstant(Number(claims, "nbf"), ValidFrom(credential, out _)))
        {
            return "'nbf' does not equal the credential's validFrom/issuanceDate.";
        }

        if (claims.ContainsKey("exp") && !SameInstant(Number(claims, "exp"), ValidUntil(credential, out _)))
        {
            return "'exp' does not equal the credential's validUntil/expirationDate.";
        }

        return null;
    }

    private static bool SameInstant(double? seconds, DateTimeOffset? date) =>
        seconds is { } s && date is { } d && (long)Math.Floor(s) == d.ToUnixTimeSeconds();

    private static double? Number(JsonObject obj, string name)
    {
        if (obj[name] is not JsonValue v)
        {
            return null;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        return v.TryGetValue<double>(out var d) && double.IsFinite(d) ? d : null;
    }

    internal static string? IssuerId(JsonObject credential) => credential["issuer"] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0 => s,
        JsonObject o => Str(o, "id") is { Length: > 0 } id ? id : null,
        _ => null,
    };

    private static string? SubjectId(JsonObject credential) => credential["credentialSubject"] switch
    {
        JsonObject o => Str(o, "id"),
        JsonArray { Count: 1 } a when a[0] is JsonObject o => Str(o, "id"),
        _ => null,
    };

    private static DateTimeOffset? ValidFrom(JsonObject credential, out string? text) =>
        Date(credential, credential.ContainsKey("validFrom") ? "validFrom" : "issuanceDate", out text);

    private static DateTimeOffset? ValidUntil(JsonObject credential, out string? text) =>
        Date(credential, credential.ContainsKey("validUntil") ? "validUntil" : "expirationDate", out text);

    private static DateTimeOffset? Date(JsonObject obj, string name, out string? text)
    {
        text = obj.ContainsKey(name) ? Str(obj, name) ?? obj[name]?.ToJsonString() : null;
        return XsdDateTime.TryParse(text, out var d)
            ? d
            : null;
    }

    private static string? Str(JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Reason(SafeJsonResult result) => result.Error is { } e ? $" ({e.Code} at {e.JsonPath}: {e.Message})" : ".";

    private static string Clip(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
