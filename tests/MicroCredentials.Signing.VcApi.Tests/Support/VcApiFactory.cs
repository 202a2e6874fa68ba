using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Mapping;
using MicroCredentials.Signing.Model;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.VcApi.Tests.Support;

/// <summary>
/// The VC API in a test host (WebApplicationFactory) with a real store in a temporary folder (SQLite) or a real
/// PostgreSQL server, and an authorization server that exists only as a P-256 key: its public JWK is configured as
/// the service's signing key, and <see cref="Token"/> mints tokens with the private half. No network.
/// </summary>
public class VcApiFactory : WebApplicationFactory<Program>
{
    public const string Issuer = "https://auth.example.edu";
    public const string Audience = "https://vcapi.example.edu";
    public const string ApiKey = "test-api-key-0123456789abcdefghijklmnopqrstuvwxyz";
    public const string StatusListUrl = "https://issuer.example.edu/status/1";

    private readonly ECDsa _authority = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly Dictionary<string, string?> _settings;

    public VcApiFactory(IDictionary<string, string?>? settings = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "mcred-vcapi-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(_authority.ExportParameters(false))) { KeyId = "authority-1" });
        _settings = new Dictionary<string, string?>
        {
            ["VcApi:KeyFile"] = Path.Combine(Directory, "key.json"),
            ["VcApi:StatusDatabase"] = Path.Combine(Directory, "status.db"),
            ["VcApi:StatusListUrl"] = StatusListUrl,
            ["VcApi:PublicPermitLimit"] = "0",
            ["VcApi:Auth:Issuer"] = Issuer,
            ["VcApi:Auth:Audience"] = Audience,
            ["VcApi:Auth:SigningKeys:0"] = JsonSerializer.Serialize(new { kty = jwk.Kty, crv = jwk.Crv, x = jwk.X, y = jwk.Y, kid = jwk.Kid }),
            ["VcApi:Auth:ApiKeys:0:Name"] = "ci",
            ["VcApi:Auth:ApiKeys:0:Key"] = ApiKey,
            ["VcApi:Auth:ApiKeys:0:Scopes:0"] = "credentials:issue",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string Directory { get; }

    /// <summary>A bearer token from the test authority; <paramref name="signWith"/> another key to forge one.</summary>
    public string Token(string scope, TimeSpan? lifetime = null, string audience = Audience, ECDsa? signWith = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(5));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = expires < now ? expires.AddMinutes(-5) : now,
            NotBefore = expires < now ? expires.AddMinutes(-5) : now,
            Expires = expires,
            Claims = new Dictionary<string, object> { ["scope"] = scope, ["sub"] = "registrar" },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(signWith ?? _authority) { KeyId = "authority-1" }, SecurityAlgorithms.EcdsaSha256),
        });
    }

    public HttpClient ClientWithToken(string scope)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token(scope));
        return client;
    }

    /// <summary>An unsigned OB 3.0 credential from the rich sample, issued by the service's own key.</summary>
    public async Task<JsonObject> UnsignedAsync(HttpClient http)
    {
        var issuer = (await http.GetFromJsonAsync<JsonObject>(new Uri("/issuer", UriKind.Relative)))!;
        var controller = (string)issuer["controller"]!;
        var elements = MicroCredentialJson.Parse(File.ReadAllText(RepoFile("samples", "elements", "rich-valid.json")));
        elements = elements with { AwardingBodies = [elements.AwardingBodies[0] with { Id = controller }] };
        return OpenBadgesMapper.ToCredential(elements);
    }

    public static string RepoFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MicroCredentials.Signing.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir?.FullName ?? throw new DirectoryNotFoundException("repository root not found"), .. parts]);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_settings));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _authority.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // Left in /tmp if a handle is still open; never fails the run.
            }
        }
    }
}

/// <summary>HTTP helpers.</summary>
public static class Http
{
    public static async Task<(System.Net.HttpStatusCode Status, JsonObject Body, HttpResponseMessage Response)> PostAsync(this HttpClient http, string path, JsonNode body)
    {
        var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
        return (response.StatusCode, json, response);
    }

    public static async Task<JsonObject> IssueAsync(this HttpClient http, JsonObject credential, bool withStatus)
    {
        var request = new JsonObject { ["credential"] = credential.DeepClone() };
        if (withStatus)
        {
            request["options"] = new JsonObject { ["credentialStatus"] = new JsonObject { ["type"] = "BitstringStatusListEntry" } };
        }

        var (status, body, _) = await http.PostAsync("/credentials/issue", request);
        if (status != System.Net.HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"issue returned {(int)status}: {body.ToJsonString()}");
        }

        return (JsonObject)body["verifiableCredential"]!.DeepClone();
    }
}
