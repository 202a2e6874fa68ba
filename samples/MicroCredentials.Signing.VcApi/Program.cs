using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Issuance;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Sqlite;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Verification;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.VcApi;

/// <summary>
/// A W3C VC API service (the endpoints the W3C test suites call) over MicroCredentials.Signing:
/// <c>POST /credentials/issue</c>, <c>POST /credentials/verify</c>, <c>POST /presentations/verify</c>,
/// <c>POST /credentials/status</c>, and <c>GET /status/1</c> serving the signed status list. Binds to 127.0.0.1.
/// </summary>
public static class Program
{
    /// <summary>Runs the service until stopped.</summary>
    public static async Task Main(string[] args)
    {
        var app = await BuildAsync(args).ConfigureAwait(false);
        await app.RunAsync().ConfigureAwait(false);
    }

    /// <summary>Builds the service (tests start it on a loopback port and call it over HTTP).</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var options = builder.Configuration.GetSection("VcApi").Get<VcApiOptions>() ?? new VcApiOptions();

        var key = File.Exists(options.KeyFile) ? await KeyFile.LoadAsync(options.KeyFile).ConfigureAwait(false) : KeyFile.Generate(KeyAlgorithm.Ed25519);
        if (!File.Exists(options.KeyFile))
        {
            await key.SaveAsync(options.KeyFile).ConfigureAwait(false);
        }

        var store = await SqliteStatusListStore.OpenAsync(options.StatusDatabase).ConfigureAwait(false);
        var lists = new StatusListIssuer(store);
        await lists.EnsureListAsync(new StatusListDefinition(options.StatusListUrl, StatusPurposes.Revocation)).ConfigureAwait(false);
        var issuer = new CredentialIssuer(new CredentialIssuerOptions { StatusLists = lists });
        var service = new VcApiService(options, key, issuer, lists);
        builder.Services.AddSingleton(service);

        var app = builder.Build();
        app.MapPost("/credentials/issue", (JsonObject body, VcApiService s, CancellationToken ct) => s.IssueAsync(body, ct));
        app.MapPost("/credentials/verify", (JsonObject body, VcApiService s, CancellationToken ct) => s.VerifyCredentialAsync(body, ct));
        app.MapPost("/presentations/verify", (JsonObject body, VcApiService s, CancellationToken ct) => s.VerifyPresentationAsync(body, ct));
        app.MapPost("/credentials/status", (JsonObject body, VcApiService s, CancellationToken ct) => s.UpdateStatusAsync(body, ct));
        app.MapGet("/status/1", (VcApiService s, CancellationToken ct) => s.StatusListAsync(ct));
        app.MapGet("/issuer", (VcApiService s) => Results.Json(s.IssuerDocument()));
        return app;
    }
}

/// <summary>The endpoint logic, separated from the routing so each answer is easy to read.</summary>
public sealed class VcApiService : IStatusListResolver
{
    private readonly VcApiOptions _options;
    private readonly KeyFile _key;
    private readonly CredentialIssuer _issuer;
    private readonly StatusListIssuer _lists;
    private readonly CredentialVerifier _verifier;
    private readonly PresentationVerifier _presentations;

    /// <summary>Creates the service logic.</summary>
    public VcApiService(VcApiOptions options, KeyFile key, CredentialIssuer issuer, StatusListIssuer lists)
    {
        _options = options;
        _key = key;
        _issuer = issuer;
        _lists = lists;
        _verifier = new CredentialVerifier(new CredentialVerifierOptions
        {
            // Only the service's own list is resolvable (it is read straight from the store, never over the network).
            StatusListResolver = this,
            TrustedStatusListIssuers = options.TrustedStatusListIssuers,
        });
        _presentations = new PresentationVerifier(_verifier);
    }

    /// <summary><c>POST /credentials/issue</c>: <c>{credential, options}</c> → 201 <c>{verifiableCredential}</c>.</summary>
    public async Task<IResult> IssueAsync(JsonObject body, CancellationToken ct)
    {
        if (body["credential"] is not JsonObject credential)
        {
            return Problem(400, "INVALID_REQUEST", "the body must be {\"credential\": {...}, \"options\": {...}}");
        }

        credential = (JsonObject)credential.DeepClone();
        var issuerId = credential["issuer"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonObject o => (string?)o["id"],
            _ => null,
        };
        if (issuerId is null)
        {
            credential["issuer"] = _key.Controller;
        }
        else if (issuerId != _key.Controller)
        {
            return Problem(400, "INVALID_ISSUER", $"this service issues as {_key.Controller}, not {issuerId}");
        }

        var options = body["options"] as JsonObject;
        try
        {
            if (options?["credentialStatus"] is JsonObject { } requested && (string?)requested["type"] == "BitstringStatusListEntry")
            {
                await _lists.AddStatusAsync(credential, _options.StatusListUrl, ct).ConfigureAwait(false);
            }

            var suite = (options?["cryptosuite"] as JsonValue)?.GetValue<string>() is { } name
                ? CryptosuiteRegistry.FindByName(name) ?? throw new ArgumentException($"unknown cryptosuite '{name}'")
                : Cryptosuite.EddsaRdfc2022;
            var signed = await _issuer.SignAsync(credential, _key.CreateSigner(), suite, null, ct).ConfigureAwait(false);
            return Results.Json(new JsonObject { ["verifiableCredential"] = signed }, statusCode: 201);
        }
        catch (ArgumentException ex)
        {
            return Problem(400, "INVALID_REQUEST", ex.Message);
        }
        catch (DataIntegrityException ex)
        {
            return Problem(400, ex.Code, ex.Message);
        }
    }

    /// <summary><c>POST /credentials/verify</c>: 200 when verified, 400 with problem details when not.</summary>
    public async Task<IResult> VerifyCredentialAsync(JsonObject body, CancellationToken ct)
    {
        var report = body["verifiableCredential"] switch
        {
            JsonObject vc => await _verifier.VerifyAsync(vc, cancellationToken: ct).ConfigureAwait(false),
            JsonValue v when v.TryGetValue<string>(out var jwt) => await _verifier.VerifyAsync(jwt, cancellationToken: ct).ConfigureAwait(false),
            _ => null,
        };
        return report is null
            ? Problem(400, "INVALID_REQUEST", "the body must be {\"verifiableCredential\": {...}, \"options\": {...}}")
            : VerificationResult(report.Verified, report.ToJson(), report.Failures);
    }

    /// <summary><c>POST /presentations/verify</c>: <c>{verifiablePresentation, options: {challenge, domain}}</c>.</summary>
    public async Task<IResult> VerifyPresentationAsync(JsonObject body, CancellationToken ct)
    {
        if (body["verifiablePresentation"] is not JsonObject vp)
        {
            return Problem(400, "INVALID_REQUEST", "the body must be {\"verifiablePresentation\": {...}, \"options\": {...}}");
        }

        var options = body["options"] as JsonObject;
        var report = await _presentations.VerifyAsync(vp, new PresentationVerifyOptions
        {
            Challenge = (options?["challenge"] as JsonValue)?.GetValue<string>(),
            Domain = (options?["domain"] as JsonValue)?.GetValue<string>(),
        }, ct).ConfigureAwait(false);
        var failures = report.Checks.Concat(report.Credentials.SelectMany(c => c.Failures)).Where(c => c.Status == CheckStatus.Failed);
        return VerificationResult(report.Verified, report.ToJson(), failures);
    }

    /// <summary><c>POST /credentials/status</c>: <c>{credentialStatus: entry, status: 0|1}</c> sets a credential's bit in the store.</summary>
    public async Task<IResult> UpdateStatusAsync(JsonObject body, CancellationToken ct)
    {
        if (body["credentialStatus"] is not JsonObject entry || body["status"] is not JsonValue v || !v.TryGetValue<int>(out var status))
        {
            return Problem(400, "INVALID_REQUEST", "the body must be {\"credentialStatus\": {...}, \"status\": 0|1}");
        }

        try
        {
            await _lists.SetStatusAsync(entry, status, ct).ConfigureAwait(false);
            return Results.Ok(new JsonObject { ["updated"] = true });
        }
        catch (StatusListException ex)
        {
            return Problem(400, ex.Code, ex.Message);
        }
    }

    /// <summary><c>GET /status/1</c>: the current list as a signed BitstringStatusListCredential.</summary>
    public async Task<IResult> StatusListAsync(CancellationToken ct) =>
        Results.Json(await PublishAsync(ct).ConfigureAwait(false));

    /// <summary>The issuer's public verification method.</summary>
    public JsonObject IssuerDocument() => _key.ToVerificationMethodJson();

    /// <inheritdoc/>
    public async Task<StatusListDocument> ResolveAsync(string url, CancellationToken cancellationToken = default)
    {
        if (url != _options.StatusListUrl)
        {
            throw new StatusListException(StatusErrorCodes.StatusRetrievalError, $"'{url}' is not a status list of this service, and it fetches nothing else");
        }

        // Read straight from the store, so it is always current: a zero max-age keeps the verifier's cache from
        // serving a list older than a revocation made a moment ago through POST /credentials/status.
        return new StatusListDocument(await PublishAsync(cancellationToken).ConfigureAwait(false), TimeSpan.Zero);
    }

    private Task<JsonObject> PublishAsync(CancellationToken ct) =>
        _issuer.PublishStatusListAsync(_options.StatusListUrl, _key.CreateSigner(), Cryptosuite.EddsaRdfc2022,
            new StatusListCredentialOptions { Issuer = _key.Controller, TimeToLive = TimeSpan.FromMinutes(5) }, ct);

    private static IResult VerificationResult(bool verified, JsonObject report, IEnumerable<VerificationCheck> failures)
    {
        var problems = new JsonArray();
        foreach (var f in failures)
        {
            problems.Add(new JsonObject { ["type"] = "https://w3id.org/security#" + f.Code, ["title"] = f.Code, ["detail"] = f.Message });
        }

        var body = new JsonObject
        {
            ["verified"] = verified,
            ["results"] = report,
            ["problemDetails"] = problems,
        };
        return Results.Json(body, statusCode: verified ? 200 : 400);
    }

    private static IResult Problem(int status, string code, string detail) =>
        Results.Json(new JsonObject
        {
            ["verified"] = false,
            ["problemDetails"] = new JsonArray(new JsonObject { ["type"] = "https://w3id.org/security#" + code, ["title"] = code, ["detail"] = detail }),
        }, new JsonSerializerOptions(), statusCode: status);
}
