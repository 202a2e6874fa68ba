using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace MicroCredentials.Signing.VcApi;

/// <summary>The scopes (OAuth2 <c>scope</c>/<c>scp</c> claim values, or API-key grants) the service checks, and its policy names.</summary>
public static class VcApiScopes
{
    /// <summary>May call <c>POST /credentials/issue</c>.</summary>
    public const string Issue = "credentials:issue";

    /// <summary>May call <c>POST /credentials/status</c>.</summary>
    public const string Status = "credentials:status";

    /// <summary>The authentication scheme that picks the API key when <c>X-API-Key</c> is sent, else the bearer token.</summary>
    public const string Scheme = "BearerOrApiKey";

    /// <summary>True when the principal holds <paramref name="scope"/> in a space-separated <c>scope</c> claim or any <c>scp</c> claim.</summary>
    public static bool Has(ClaimsPrincipal user, string scope)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Claims.Any(c =>
            (c.Type is "scope" or "scp" or "http://schemas.microsoft.com/identity/claims/scope")
            && c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope, StringComparer.Ordinal));
    }
}

/// <summary>
/// Authenticates <c>X-API-Key</c> against the configured keys, comparing SHA-256 digests in constant time; the key's
/// scopes become <c>scope</c> claims, so the same policies serve tokens and keys.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<VcApiOptions> service)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The request header carrying the key.</summary>
    public const string HeaderName = "X-API-Key";

    /// <inheritdoc/>
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(values[0]!));
        VcApiKey? match = null;
        foreach (var key in service.Value.Auth.ApiKeys)
        {
            // Every key is compared, so the time taken does not say which one (or whether any) matched.
            if (key.Key.Length >= 32 && CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(key.Key))))
            {
                match = key;
            }
        }

        if (match is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
        }

        var identity = new ClaimsIdentity(SchemeName);
        identity.AddClaim(new Claim(ClaimTypes.Name, match.Name));
        identity.AddClaim(new Claim("scope", string.Join(' ', match.Scopes)));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
