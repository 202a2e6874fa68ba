using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.VcApi;

/// <summary>The service's configuration section <c>VcApi</c>.</summary>
public sealed class VcApiOptions
{
    /// <summary>Multikey key file of the issuer (created with <c>mcred keygen</c>; generated on first start when missing).</summary>
    public string KeyFile { get; set; } = "vcapi-issuer-key.json";

    /// <summary>Where status lists and issued credentials' status entries live: <c>Sqlite</c> (default) or <c>PostgreSql</c>.</summary>
    public string Store { get; set; } = "Sqlite";

    /// <summary>SQLite database of the status lists (when <see cref="Store"/> is <c>Sqlite</c>).</summary>
    public string StatusDatabase { get; set; } = "vcapi-status.db";

    /// <summary>Npgsql connection string (when <see cref="Store"/> is <c>PostgreSql</c>).</summary>
    public string? PostgreSqlConnectionString { get; set; }

    /// <summary>The URL of the revocation list this service allocates from; its path is where the service serves it.</summary>
    public string StatusListUrl { get; set; } = "http://127.0.0.1:5080/status/1";

    /// <summary>The list credential's <c>ttl</c>, which is also the <c>Cache-Control: max-age</c> of the list endpoint.</summary>
    public int StatusListTtlSeconds { get; set; } = 300;

    /// <summary>Status-list issuers trusted besides a credential's own issuer.</summary>
    public string[] TrustedStatusListIssuers { get; set; } = [];

    /// <summary>Largest request body accepted, in bytes (413 problem details above it).</summary>
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Requests per client address and window on the public endpoints (verify, status list); 0 turns the limit off.</summary>
    public int PublicPermitLimit { get; set; } = 600;

    /// <summary>The rate-limit window, in seconds.</summary>
    public int PublicWindowSeconds { get; set; } = 60;

    /// <summary>Optional Redis endpoint (<c>host:port</c>) that <c>/health/ready</c> checks with a <c>PING</c>; unset: not checked.</summary>
    public string? Redis { get; set; }

    /// <summary>How long a stopping service lets in-flight requests finish, in seconds.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 20;

    /// <summary>
    /// The issuer key in an HSM instead of <see cref="KeyFile"/>: when <see cref="VcApiPkcs11Options.ModulePath"/> is
    /// set, credentials and status lists are signed inside the PKCS#11 token and the key file is not used.
    /// </summary>
    public VcApiPkcs11Options Pkcs11 { get; set; } = new();

    /// <summary>Who may issue and change status.</summary>
    public VcApiAuthOptions Auth { get; set; } = new();
}

/// <summary>The section <c>VcApi:Auth</c>: an OAuth2 authorization server's tokens, and/or API keys.</summary>
public sealed class VcApiAuthOptions
{
    /// <summary>The authorization server's issuer (<c>iss</c>) the tokens must carry.</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience (<c>aud</c>) the tokens must be for.</summary>
    public string? Audience { get; set; }

    /// <summary>The authorization server's public signing keys, as JWK JSON objects (configured, never fetched).</summary>
    public string[] SigningKeys { get; set; } = [];

    /// <summary>
    /// OpenID Connect discovery instead of <see cref="SigningKeys"/>: the authority URL whose
    /// <c>/.well-known/openid-configuration</c> names the keys. Unset by default (no network).
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>Clock skew tolerated on <c>exp</c>/<c>nbf</c>, in seconds.</summary>
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>API keys (header <c>X-API-Key</c>) and the scopes each grants.</summary>
    public VcApiKey[] ApiKeys { get; set; } = [];
}

/// <summary>One API key.</summary>
public sealed class VcApiKey
{
    /// <summary>A name for logs and the authenticated identity (never the key).</summary>
    public string Name { get; set; } = "api-key";

    /// <summary>The secret value, at least 32 characters.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>The scopes granted, e.g. <c>credentials:issue</c>, <c>credentials:status</c>.</summary>
    public string[] Scopes { get; set; } = [];
}

/// <summary>The section <c>VcApi:Pkcs11</c>: where the issuer key is (see docs/keys.md).</summary>
public sealed class VcApiPkcs11Options
{
    /// <summary>The vendor's PKCS#11 module, e.g. <c>/usr/lib/softhsm/libsofthsm2.so</c>; unset: the key file is used.</summary>
    public string? ModulePath { get; set; }

    /// <summary>The token's label.</summary>
    public string? TokenLabel { get; set; }

    /// <summary>The user PIN (give it through the environment, <c>VcApi__Pkcs11__Pin</c>, not in a file).</summary>
    public string? Pin { get; set; }

    /// <summary>The key pair's label.</summary>
    public string? KeyLabel { get; set; }
}
