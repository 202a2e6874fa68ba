using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.VcApi;

/// <summary>The service's configuration section <c>VcApi</c>.</summary>
public sealed class VcApiOptions
{
    /// <summary>Multikey key file of the issuer (created with <c>mcred keygen</c>; generated on first start when missing).</summary>
    public string KeyFile { get; set; } = "vcapi-issuer-key.json";

    /// <summary>SQLite database of the status lists.</summary>
    public string StatusDatabase { get; set; } = "vcapi-status.db";

    /// <summary>The URL of the revocation list this service allocates from and serves at <c>GET /status/1</c>.</summary>
    public string StatusListUrl { get; set; } = "http://127.0.0.1:5080/status/1";

    /// <summary>Status-list issuers trusted besides a credential's own issuer.</summary>
    public string[] TrustedStatusListIssuers { get; set; } = [];
}
