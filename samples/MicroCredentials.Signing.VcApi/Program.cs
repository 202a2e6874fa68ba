using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Microsoft.OpenApi;

namespace MicroCredentials.Signing.VcApi;

/// <summary>
/// A W3C VC API service over MicroCredentials.Signing: <c>POST /credentials/issue</c> and
/// <c>POST /credentials/status</c> (OAuth2 bearer token with scopes, or an API key), <c>POST /credentials/verify</c>
/// and <c>POST /presentations/verify</c> (public, rate-limited), the signed status list at the path of
/// <c>VcApi:StatusListUrl</c> (ETag, Cache-Control, 304), <c>/health/live</c>, <c>/health/ready</c> and the OpenAPI
/// document at <c>/openapi/v1.json</c>. Every error is an RFC 9457 problem.
/// </summary>
public sealed class Program
{
    /// <summary>The rate-limiting policy of the public endpoints.</summary>
    public const string PublicRateLimit = "public";

    private const string BearerSchemeName = "bearer";
    private const string ApiKeySchemeName = "apiKey";

    private Program()
    {
    }

    /// <summary>Runs the service until stopped (SIGTERM/Ctrl+C drain in-flight requests for <c>VcApi:ShutdownTimeoutSeconds</c>).</summary>
    public static async Task Main(string[] args)
    {
        var app = Build(args);
        await app.RunAsync().ConfigureAwait(false);
    }

    /// <summary>Builds the service; <paramref name="configure"/> may add configuration or change the host first.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        AddServices(builder.Services, builder.Configuration);
        var app = builder.Build();
        MapEndpoints(app);
        return app;
    }

    private static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VcApiOptions>()
            .Bind(configuration.GetSection("VcApi"))
            .Validate(o => Uri.TryCreate(o.StatusListUrl, UriKind.Absolute, out _), "VcApi:StatusListUrl must be an absolute URL")
            .Validate(o => o.MaxRequestBodyBytes > 0, "VcApi:MaxRequestBodyBytes must be positive")
            .Validate(o => o.StatusListTtlSeconds > 0, "VcApi:StatusListTtlSeconds must be positive")
            .Validate(o => o.Auth.ApiKeys.All(k => k.Key.Length >= 32), "every VcApi:Auth:ApiKeys key must be at least 32 characters")
            .ValidateOnStart();
        services.AddOptions<HostOptions>().Configure<IOptions<VcApiOptions>>((host, o) => host.ShutdownTimeout = TimeSpan.FromSeconds(o.Value.ShutdownTimeoutSeconds));
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<VcApiOptions>>((kestrel, o) => kestrel.Limits.MaxRequestBodySize = o.Value.MaxRequestBodyBytes);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<VcApiBackendProvider>();
        services.AddHostedService(sp => sp.GetRequiredService<VcApiBackendProvider>());
        services.AddSingleton<VcApiService>();

        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            context.ProblemDetails.Extensions.TryAdd("code", Problems.CodeFor(status));
        });

        services.AddAuthentication(VcApiScopes.Scheme)
            .AddPolicyScheme(VcApiScopes.Scheme, "Bearer token or API key", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) ? ApiKeyAuthenticationHandler.SchemeName : JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<VcApiOptions>>((jwt, o) => ConfigureBearer(jwt, o.Value.Auth));
        services.AddAuthorizationBuilder()
            .AddPolicy(VcApiScopes.Issue, p => p.RequireAuthenticatedUser().RequireAssertion(c => VcApiScopes.Has(c.User, VcApiScopes.Issue)))
            .AddPolicy(VcApiScopes.Status, p => p.RequireAuthenticatedUser().RequireAssertion(c => VcApiScopes.Has(c.User, VcApiScopes.Status)));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(PublicRateLimit, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<VcApiOptions>>().Value;
                return limits.PublicPermitLimit <= 0
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.PublicPermitLimit,
                        Window = TimeSpan.FromSeconds(limits.PublicWindowSeconds),
                        QueueLimit = 0,
                    });
            });
            o.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                await Problems.Create(StatusCodes.Status429TooManyRequests, Problems.RateLimited, "too many requests from this address; retry after the Retry-After seconds")
                    .ExecuteAsync(context.HttpContext).ConfigureAwait(false);
            };
        });

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        services.AddOptions<HealthCheckServiceOptions>().Configure<IOptions<VcApiOptions>>((health, o) =>
        {
            if (!string.IsNullOrWhiteSpace(o.Value.Redis))
            {
                health.Registrations.Add(new HealthCheckRegistration("redis", sp => ActivatorUtilities.CreateInstance<RedisHealthCheck>(sp), null, ["ready"]));
            }
        });

        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "MicroCredentials.Signing VC API";
            document.Info.Version = "1.0";
            document.Info.Description = "W3C VC API issuer, verifier and status service for EU micro-credentials (Open Badges 3.0). Issuing and status changes need a bearer token with the scope credentials:issue / credentials:status, or an X-API-Key; verifying is public. Errors are RFC 9457 problem details.";
            document.Servers?.Clear(); // the document does not depend on the host it was fetched from
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerSchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An OAuth2 access token from the configured authorization server (VcApi:Auth), with the operation's scope in its scope claim.",
            };
            document.Components.SecuritySchemes[ApiKeySchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "A key configured in VcApi:Auth:ApiKeys, granting that key's scopes.",
            };
            return Task.CompletedTask;
        }).AddOperationTransformer((operation, context, _) =>
        {
            // The scope an operation's authorization policy requires (the policies are named after their scope).
            var scope = context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>()
                .Select(a => a.Policy).FirstOrDefault(p => p is not null);
            if (scope is not null)
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerSchemeName, context.Document)] = [scope] });
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeySchemeName, context.Document)] = [] });
            }

            return Task.CompletedTask;
        }));
    }

    private static void ConfigureBearer(JwtBearerOptions jwt, VcApiAuthOptions auth)
    {
        jwt.MapInboundClaims = false;
        if (auth.Authority is { } authority)
        {
            jwt.Authority = authority;
        }

        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = auth.Issuer,
            ValidateAudience = true,
            ValidAudience = auth.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKeys = auth.SigningKeys.Select(k => new JsonWebKey(k)).ToArray(),
            ClockSkew = TimeSpan.FromSeconds(auth.ClockSkewSeconds),
        };
    }

    private static void MapEndpoints(WebApplication app)
    {
        // Development hosts throw BadHttpRequestException for unreadable bodies: keep its 400/413/415, not 500.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is Microsoft.AspNetCore.Http.BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseMiddleware<RequestSizeLimitMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapPost("/credentials/issue", (JsonObject body, VcApiService s, CancellationToken ct) => s.IssueAsync(body, ct))
            .RequireAuthorization(VcApiScopes.Issue)
            .WithName("IssueCredential")
            .WithSummary("Issues a credential: {credential, options: {cryptosuite?, credentialStatus?: {type: BitstringStatusListEntry}}} → 201 {verifiableCredential}.")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        app.MapPost("/credentials/status", (JsonObject body, VcApiService s, CancellationToken ct) => s.UpdateStatusAsync(body, ct))
            .RequireAuthorization(VcApiScopes.Status)
            .WithName("UpdateCredentialStatus")
            .WithSummary("Changes a credential's status: {credentialId, credentialStatus: [{type: BitstringStatusListCredential, status: revoked|active}]}.")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/credentials/verify", (JsonObject body, VcApiService s, CancellationToken ct) => s.VerifyCredentialAsync(body, ct))
            .AllowAnonymous().RequireRateLimiting(PublicRateLimit)
            .WithName("VerifyCredential")
            .WithSummary("Verifies a credential: {verifiableCredential, options} → 200 {verified: true, results, problemDetails: []}, or 400 with the failed checks as problemDetails.")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>(StatusCodes.Status200OK).Produces<JsonObject>(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        app.MapPost("/presentations/verify", (JsonObject body, VcApiService s, CancellationToken ct) => s.VerifyPresentationAsync(body, ct))
            .AllowAnonymous().RequireRateLimiting(PublicRateLimit)
            .WithName("VerifyPresentation")
            .WithSummary("Verifies a presentation and its credentials: {verifiablePresentation, options: {challenge?, domain?}}.")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>(StatusCodes.Status200OK).Produces<JsonObject>(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        app.MapGet("/status/{id}", (string id, HttpContext context, VcApiService s, CancellationToken ct) => s.StatusListAsync(context, ct))
            .AllowAnonymous().RequireRateLimiting(PublicRateLimit)
            .WithName("GetStatusList")
            .WithSummary("The signed BitstringStatusListCredential, with ETag, Cache-Control: max-age (the list's ttl) and 304 on If-None-Match.")
            .Produces(StatusCodes.Status200OK, contentType: "application/vc+ld+json").Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        app.MapGet("/issuer", (VcApiService s) => s.IssuerDocumentAsync())
            .AllowAnonymous()
            .WithName("GetIssuerVerificationMethod")
            .WithSummary("The issuer's public verification method (Multikey).")
            .Produces<JsonObject>(StatusCodes.Status200OK);

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealthAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteHealthAsync });
        app.MapOpenApi();
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        var checks = new JsonObject();
        foreach (var (name, entry) in report.Entries)
        {
            checks[name] = new JsonObject { ["status"] = entry.Status.ToString(), ["description"] = entry.Description };
        }

        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(new JsonObject { ["status"] = report.Status.ToString(), ["checks"] = checks }.ToJsonString(JsonSerializerOptions.Web));
    }
}
