using System.ComponentModel.DataAnnotations;
using System.Net;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Online;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Verification;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using StackExchange.Redis;

namespace MicroCredentials.Signing.Extensions;

/// <summary>Registers the library in a host: <c>services.AddMicroCredentials(…)</c>.</summary>
public static class MicroCredentialsServiceCollectionExtensions
{
    /// <summary>The name of the <c>IHttpClientFactory</c> client that online resolution fetches with.</summary>
    public const string HttpClientName = "MicroCredentials.Online";

    /// <summary>
    /// Registers <see cref="CredentialVerifier"/>, <see cref="MicroCredentialsVerifier"/>, the resolvers (online ones
    /// through <c>IHttpClientFactory</c> with a retry/timeout pipeline and the address guard), the status-list cache,
    /// <see cref="MicroCredentialsIssuers"/> and a <see cref="TimeProvider"/> (the system clock unless one is
    /// registered). Options come from <paramref name="configure"/> (and the <c>MicroCredentials</c> configuration
    /// section when an <see cref="IConfiguration"/> is registered) and are validated when the host starts.
    /// </summary>
    public static MicroCredentialsBuilder AddMicroCredentials(this IServiceCollection services, Action<MicroCredentialsOptions>? configure = null) =>
        AddCore(services, null, configure);

    /// <summary>
    /// As <see cref="AddMicroCredentials(IServiceCollection, Action{MicroCredentialsOptions}?)"/>, binding the
    /// <c>MicroCredentials</c> section of <paramref name="configuration"/> and registering one issuer per child of
    /// <c>MicroCredentials:Issuers</c> (named options).
    /// </summary>
    public static MicroCredentialsBuilder AddMicroCredentials(this IServiceCollection services, IConfiguration configuration, Action<MicroCredentialsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = AddCore(services, configuration, configure);
        foreach (var issuer in configuration.GetSection(MicroCredentialsOptions.SectionName + ":Issuers").GetChildren())
        {
            builder.AddIssuer(issuer.Key);
        }

        return builder;
    }

    private static MicroCredentialsBuilder AddCore(IServiceCollection services, IConfiguration? configuration, Action<MicroCredentialsOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(MicroCredentialsBuilder))?.ImplementationInstance as MicroCredentialsBuilder;
        if (existing is not null)
        {
            if (configure is not null)
            {
                services.Configure(configure);
            }

            return existing;
        }

        var builder = new MicroCredentialsBuilder(services, configuration);
        services.AddSingleton(builder);
        var options = services.AddOptions<MicroCredentialsOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(MicroCredentialsOptions.SectionName));
        }
        else
        {
            options.BindConfiguration(MicroCredentialsOptions.SectionName);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<MicroCredentialsOptions>, MicroCredentialsOptionsValidator>();
        services.AddSingleton<IValidateOptions<IssuerSettings>>(sp => new IssuerSettingsValidator(builder));

        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();

        services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => GuardedHttpHandler.Create(sp.GetRequiredService<OnlinePolicy>().Policy))
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("mcred-idempotent-get", (pipeline, context) =>
            {
                var settings = context.ServiceProvider.GetRequiredService<IOptions<MicroCredentialsOptions>>().Value.Verifier;
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(1, settings.MaxRetries),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(200),
                    ShouldHandle = args => ValueTask.FromResult(settings.MaxRetries > 0 && ShouldRetry(args.Context, args.Outcome)),
                });

                // Each attempt gets its share of the whole fetch's time; the fetcher bounds the whole as well.
                pipeline.AddTimeout(TimeSpan.FromMilliseconds(Math.Max(100, settings.FetchTimeout.TotalMilliseconds / (settings.MaxRetries + 1))));
            });

        services.TryAddSingleton(sp => new OnlinePolicy(builder.BuildPolicy(sp)));
        services.TryAddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<MicroCredentialsOptions>>().Value.Verifier;
            return settings.Online
                ? new OnlineResolverHolder(new OnlineResolver(sp.GetRequiredService<OnlinePolicy>().Policy, sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)))
                : new OnlineResolverHolder(null);
        });
        services.TryAddSingleton(sp => StatusListCacheHost.Create(sp, builder));
        services.TryAddSingleton(sp => BuildVerifier(sp, builder));
        services.TryAddSingleton<MicroCredentialsVerifier>();
        services.TryAddSingleton(sp => new MicroCredentialsIssuers(builder.IssuerNames, (name, keys) => CreateIssuer(sp, builder, name, keys)));
        services.TryAddSingleton(sp => new StatusListIssuer(
            builder.StoreFactory?.Invoke(sp) ?? throw new InvalidOperationException("no status store: call UseStatusStore"),
            sp.GetRequiredService<TimeProvider>()));
        return builder;
    }

    private static bool ShouldRetry(ResilienceContext context, Outcome<HttpResponseMessage> outcome)
    {
        var method = context.GetRequestMessage()?.Method;
        if (method != HttpMethod.Get && method != HttpMethod.Head)
        {
            return false;
        }

        if (outcome.Exception is { } ex && GuardedHttpHandler.IsAddressRefusal(ex))
        {
            return false;
        }

        return HttpClientResiliencePredicates.IsTransient(outcome);
    }

    private static CredentialVerifier BuildVerifier(IServiceProvider sp, MicroCredentialsBuilder builder)
    {
        var settings = sp.GetRequiredService<IOptions<MicroCredentialsOptions>>().Value;
        var time = sp.GetRequiredService<TimeProvider>();
        var online = sp.GetRequiredService<OnlineResolverHolder>().Resolver;
        // The core's own online composition (did:key first, then did:web/HTTPS), not a second copy of it.
        var baseline = online is null ? new CredentialVerifierOptions() : CredentialVerifierOptions.Online(online);
        var methods = builder.MethodResolverFactory?.Invoke(sp) ?? baseline.MethodResolver;
        var fetcher = builder.StatusListResolverFactory?.Invoke(sp) ?? online?.FetchingStatusListResolver;
        IStatusListResolver? statusLists = fetcher;
        if (fetcher is not null && settings.StatusListCache.Enabled)
        {
            var host = sp.GetRequiredService<StatusListCacheHost>();
            statusLists = new HybridStatusListResolver(
                fetcher,
                host.Cache,
                ProofVerifier(methods, time, settings.Verifier.ClockSkew),
                settings.StatusListCache,
                time,
                sp.GetRequiredService<ILogger<HybridStatusListResolver>>());
        }

        return new CredentialVerifier(baseline with
        {
            MethodResolver = methods,
            StatusListResolver = statusLists,
            TrustedStatusListIssuers = settings.Verifier.TrustedStatusListIssuers,
            TimeProvider = time,
            ClockSkew = settings.Verifier.ClockSkew,
            Schema = settings.Verifier.Schema,
        });
    }

    /// <summary>The proof check the status-list cache applies before sharing a list and after reading one back.</summary>
    internal static StatusListProofVerifier ProofVerifier(IVerificationMethodResolver methods, TimeProvider time, TimeSpan skew) =>
        async (list, ct) =>
        {
            var result = await DataIntegrityProofs.VerifyAsync(list, new DataIntegrityVerificationOptions { Resolver = methods, TimeProvider = time, MaxClockSkew = skew }, ct).ConfigureAwait(false);
            return new StatusListProofCheck(result.Verified, result.Verified ? null : result.ErrorCode ?? result.Proofs.FirstOrDefault(p => !p.Verified)?.ErrorCode);
        };

    private static MicroCredentialsIssuer CreateIssuer(IServiceProvider sp, MicroCredentialsBuilder builder, string name, List<KeyFile> keys)
    {
        var settings = sp.GetRequiredService<IOptionsMonitor<IssuerSettings>>().Get(name);
        var signer = settings.Signer;
        if (signer is null)
        {
            var key = KeyFile.Parse(SafeJson.ParseObject(File.ReadAllBytes(settings.KeyFile!)));
            lock (keys)
            {
                keys.Add(key);
            }

            signer = key.CreateSigner();
        }

        var suite = settings.ResolveSuite()!;
        var statusLists = builder.StoreFactory is null ? null : sp.GetRequiredService<StatusListIssuer>();
        var publisher = builder.PublisherFactory?.Invoke(sp);
        return new MicroCredentialsIssuer(name, settings, signer, suite, statusLists, publisher, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("MicroCredentials.Signing.Extensions.Issuer." + name));
    }

    internal static List<string> ValidateAnnotations(object instance, string prefix)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true);
        return results.Select(r => $"{prefix}{string.Join(",", r.MemberNames)}: {r.ErrorMessage}").ToList();
    }

    internal sealed record OnlinePolicy(OnlineResolutionOptions Policy);

    internal sealed class OnlineResolverHolder(OnlineResolver? resolver) : IDisposable
    {
        public OnlineResolver? Resolver { get; } = resolver;

        public void Dispose() => Resolver?.Dispose();
    }
}

/// <summary>Validates <see cref="MicroCredentialsOptions"/> at start-up (data annotations of every part, and the cross-field rules).</summary>
internal sealed class MicroCredentialsOptionsValidator : IValidateOptions<MicroCredentialsOptions>
{
    public ValidateOptionsResult Validate(string? name, MicroCredentialsOptions options)
    {
        var errors = new List<string>();
        errors.AddRange(MicroCredentialsServiceCollectionExtensions.ValidateAnnotations(options.Verifier, "MicroCredentials:Verifier:"));
        errors.AddRange(MicroCredentialsServiceCollectionExtensions.ValidateAnnotations(options.StatusListCache, "MicroCredentials:StatusListCache:"));
        foreach (var origin in options.Verifier.AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.AbsolutePath != "/")
            {
                errors.Add($"MicroCredentials:Verifier:AllowedOrigins: '{origin}' is not an https origin (https://host[:port])");
            }
        }

        var cache = options.StatusListCache;
        if (cache.DefaultTimeToLive > cache.MaxTimeToLive)
        {
            errors.Add("MicroCredentials:StatusListCache: DefaultTimeToLive must not exceed MaxTimeToLive");
        }

        if (cache.Redis is { } redis)
        {
            try
            {
                ConfigurationOptions.Parse(redis);
            }
            catch (Exception ex) when (ex is ArgumentException or RedisException)
            {
                errors.Add($"MicroCredentials:StatusListCache:Redis: not a Redis configuration string ({ex.Message})");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Validates each named <see cref="IssuerSettings"/> at start-up.</summary>
internal sealed class IssuerSettingsValidator(MicroCredentialsBuilder builder) : IValidateOptions<IssuerSettings>
{
    public ValidateOptionsResult Validate(string? name, IssuerSettings options)
    {
        if (name is null || !builder.IssuerNames.Contains(name))
        {
            return ValidateOptionsResult.Skip;
        }

        var prefix = $"MicroCredentials:Issuers:{name}:";
        var errors = MicroCredentialsServiceCollectionExtensions.ValidateAnnotations(options, prefix);
        if (options.Signer is null)
        {
            if (string.IsNullOrWhiteSpace(options.KeyFile))
            {
                errors.Add(prefix + "KeyFile: required (or set Signer in code)");
            }
            else if (!File.Exists(options.KeyFile))
            {
                errors.Add(prefix + $"KeyFile: '{options.KeyFile}' does not exist");
            }
        }

        var suite = options.ResolveSuite();
        if (suite is null)
        {
            errors.Add(prefix + $"Cryptosuite: '{options.Cryptosuite}' is not a signing suite ({string.Join(", ", CryptosuiteRegistry.Signing.Select(s => s.Name))})");
        }
        else if (options.Signer is { } signer && !suite.Supports(signer.Algorithm))
        {
            errors.Add(prefix + $"Cryptosuite: '{suite.Name}' does not take a {signer.Algorithm} key");
        }

        if (options.StatusListUrl is { } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                errors.Add(prefix + $"StatusListUrl: '{url}' is not an absolute URL");
            }

            if (builder.StoreFactory is null)
            {
                errors.Add(prefix + "StatusListUrl: a status list needs a status store (UseStatusStore)");
            }
        }

        if (options.StatusPurpose is not (StatusPurposes.Revocation or StatusPurposes.Suspension))
        {
            errors.Add(prefix + $"StatusPurpose: '{options.StatusPurpose}' must be revocation or suspension");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>The HybridCache the status-list cache uses, with its Redis level behind the fail-soft wrapper.</summary>
internal sealed class StatusListCacheHost : IDisposable
{
    private readonly ServiceProvider? _owned;

    private StatusListCacheHost(HybridCache cache, FailSoftDistributedCache? distributed, ServiceProvider? owned)
    {
        Cache = cache;
        Distributed = distributed;
        _owned = owned;
    }

    public HybridCache Cache { get; }

    /// <summary>The Redis level (null without Redis or with a host-supplied HybridCache).</summary>
    public FailSoftDistributedCache? Distributed { get; }

    public static StatusListCacheHost Create(IServiceProvider sp, MicroCredentialsBuilder builder)
    {
        if (builder.HybridCacheFactory is { } supplied)
        {
            return new StatusListCacheHost(supplied(sp), null, null);
        }

        // A HybridCache of our own, so the host's IDistributedCache and HybridCache registrations are left alone.
        var settings = sp.GetRequiredService<IOptions<MicroCredentialsOptions>>().Value.StatusListCache;
        var loggers = sp.GetRequiredService<ILoggerFactory>();
        var time = sp.GetRequiredService<TimeProvider>();
        var inner = new ServiceCollection();
        inner.AddSingleton(loggers);
        inner.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        FailSoftDistributedCache? distributed = null;
        if (settings.Redis is { } redis)
        {
            var config = ConfigurationOptions.Parse(redis);
            var ms = (int)settings.RedisTimeout.TotalMilliseconds;
            config.AbortOnConnectFail = false;
            config.ConnectTimeout = ms;
            config.SyncTimeout = ms;
            config.AsyncTimeout = ms;
            config.ConnectRetry = 1;
            config.BacklogPolicy = BacklogPolicy.FailFast;
            var redisCache = new RedisCache(Options.Create(new RedisCacheOptions { ConfigurationOptions = config }));
            distributed = new FailSoftDistributedCache(redisCache, loggers.CreateLogger<HybridStatusListResolver>(), time, settings.RedisRetryAfter);
            inner.AddSingleton<IDistributedCache>(distributed);
            inner.AddSingleton(redisCache);
        }

        inner.AddHybridCache(o =>
        {
            o.MaximumPayloadBytes = 16 * 1024 * 1024;
            o.DefaultEntryOptions = new HybridCacheEntryOptions { Expiration = settings.MaxTimeToLive, LocalCacheExpiration = settings.MaxLocalTimeToLive };
        });
        var provider = inner.BuildServiceProvider();
        return new StatusListCacheHost(provider.GetRequiredService<HybridCache>(), distributed, provider);
    }

    public void Dispose() => _owned?.Dispose();
}

/// <summary>Further configuration of <c>AddMicroCredentials</c>: issuers, the status store, the publisher, resolvers.</summary>
public sealed class MicroCredentialsBuilder
{
    private readonly List<string> _issuers = [];
    private readonly List<Func<OnlineResolutionOptions, OnlineResolutionOptions>> _policy = [];

    internal MicroCredentialsBuilder(IServiceCollection services, IConfiguration? configuration)
    {
        Services = services;
        Configuration = configuration;
    }

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    internal IConfiguration? Configuration { get; }

    internal IReadOnlyCollection<string> IssuerNames => _issuers;

    internal Func<IServiceProvider, IStatusListStore>? StoreFactory { get; private set; }

    internal Func<IServiceProvider, IStatusListPublisher>? PublisherFactory { get; private set; }

    internal Func<IServiceProvider, IStatusListResolver>? StatusListResolverFactory { get; private set; }

    internal Func<IServiceProvider, IVerificationMethodResolver>? MethodResolverFactory { get; private set; }

    internal Func<IServiceProvider, HybridCache>? HybridCacheFactory { get; private set; }

    /// <summary>
    /// Adds an issuer named <paramref name="name"/> (named options <see cref="IssuerSettings"/>, bound from
    /// <c>MicroCredentials:Issuers:&lt;name&gt;</c> and then <paramref name="configure"/>, validated at start-up).
    /// </summary>
    public MicroCredentialsBuilder AddIssuer(string name, Action<IssuerSettings>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var options = Services.AddOptions<IssuerSettings>(name);
        if (!_issuers.Contains(name))
        {
            _issuers.Add(name);
            var section = MicroCredentialsOptions.SectionName + ":Issuers:" + name;
            if (Configuration is not null)
            {
                options.Bind(Configuration.GetSection(section));
            }
            else
            {
                options.BindConfiguration(section);
            }

            options.ValidateOnStart();
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        return this;
    }

    /// <summary>The issuer-side status store (SQLite, PostgreSQL, in-memory for tests); a singleton.</summary>
    public MicroCredentialsBuilder UseStatusStore(Func<IServiceProvider, IStatusListStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        IStatusListStore? store = null;
        var gate = new object();
        StoreFactory = sp =>
        {
            lock (gate)
            {
                return store ??= factory(sp);
            }
        };
        Services.RemoveAll<IStatusListStore>();
        Services.AddSingleton(sp => StoreFactory(sp));
        return this;
    }

    /// <summary>Where re-signed status lists go (for example a <see cref="FolderStatusListPublisher"/>); a singleton.</summary>
    public MicroCredentialsBuilder UseStatusListPublisher(Func<IServiceProvider, IStatusListPublisher> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        IStatusListPublisher? publisher = null;
        var gate = new object();
        PublisherFactory = sp =>
        {
            lock (gate)
            {
                return publisher ??= factory(sp);
            }
        };
        return this;
    }

    /// <summary>
    /// The status-list fetcher the verifier uses (in front of the cache) instead of the online one: for example a
    /// <see cref="StaticStatusListResolver"/> over published files.
    /// </summary>
    public MicroCredentialsBuilder UseStatusListResolver(Func<IServiceProvider, IStatusListResolver> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        StatusListResolverFactory = factory;
        return this;
    }

    /// <summary>The verification-method resolver (default: online resolution when enabled, else did:key).</summary>
    public MicroCredentialsBuilder UseMethodResolver(Func<IServiceProvider, IVerificationMethodResolver> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        MethodResolverFactory = factory;
        return this;
    }

    /// <summary>Uses the host's own <see cref="HybridCache"/> for status lists instead of the one this package builds.</summary>
    public MicroCredentialsBuilder UseHybridCache(Func<IServiceProvider, HybridCache> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        HybridCacheFactory = factory;
        return this;
    }

    /// <summary>
    /// Adjusts the online fetch policy built from <see cref="VerifierSettings"/> (for example a custom
    /// <see cref="OnlineResolutionOptions.HostResolver"/>); the address guard applies whatever is set here.
    /// </summary>
    public MicroCredentialsBuilder ConfigureOnlinePolicy(Func<OnlineResolutionOptions, OnlineResolutionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _policy.Add(configure);
        return this;
    }

    internal OnlineResolutionOptions BuildPolicy(IServiceProvider sp)
    {
        var settings = sp.GetRequiredService<IOptions<MicroCredentialsOptions>>().Value;
        var policy = new OnlineResolutionOptions
        {
            AllowedOrigins = settings.Verifier.AllowedOrigins.ToArray(),
            Timeout = settings.Verifier.FetchTimeout,
            TimeProvider = sp.GetRequiredService<TimeProvider>(),

            // The status-list cache is the HybridCache; the fetcher's own response cache serves controller documents.
            MaxCacheTtl = settings.StatusListCache.MaxTimeToLive,
        };
        foreach (var configure in _policy)
        {
            policy = configure(policy);
        }

        return policy;
    }
}
