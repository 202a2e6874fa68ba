using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Online;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Trust;
using MicroCredentials.Signing.Verification;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>
/// <c>mcred verify --online [--allow-origin https://host]... [--allow-context-origin https://host]...</c>: resolves
/// what the maps do not hold over public HTTPS (see <see cref="OnlineResolutionOptions"/>). Maps stay first, so an
/// offline answer is never replaced by a fetched one.
/// </summary>
internal static class VerifyOnline
{
    public static CredentialVerifierOptions Apply(CredentialVerifierOptions options, bool online, string[]? origins, string[]? contextOrigins) =>
        Apply(options, online, origins, contextOrigins, out _);

    public static CredentialVerifierOptions Apply(CredentialVerifierOptions options, bool online, string[]? origins, string[]? contextOrigins, out OnlineResolver? onlineResolver)
    {
        onlineResolver = null;
        origins ??= [];
        contextOrigins ??= [];
        if (!online)
        {
            // Refused rather than implied, so that nothing reaches the network without the one explicit switch.
            if (origins.Length > 0 || contextOrigins.Length > 0)
            {
                throw new CliException($"{(origins.Length > 0 ? "--allow-origin" : "--allow-context-origin")} needs --online");
            }

            return options;
        }

        OnlineResolver resolver;
        try
        {
            resolver = new OnlineResolver(new OnlineResolutionOptions { AllowedOrigins = origins, AllowedContextOrigins = contextOrigins, TimeProvider = options.TimeProvider });
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message);
        }

        onlineResolver = resolver;
        return options with
        {
            // Online contexts only when origins were allowed for them; otherwise the caller's loader (bundled, or
            // bundled plus --context-map) stays, since the online loader would serve nothing more.
            DocumentLoader = contextOrigins.Length > 0 ? resolver.DocumentLoader : options.DocumentLoader,
            MethodResolver = new CompositeVerificationMethodResolver(options.MethodResolver, resolver.MethodResolver),
            StatusListResolver = options.StatusListResolver is { } mapped ? new MapFirstStatusListResolver(mapped, resolver.StatusListResolver) : resolver.StatusListResolver,
        };
    }

    /// <summary>
    /// Loads <c>--issuer-registry [NAME=]PATH|URL</c> values in order (most authoritative first). A URL needs
    /// <c>--online</c> and its origin given by name in <c>--allow-origin</c>; an unusable registry is exit 2, since a
    /// verifier asked to name known issuers must not silently answer from fewer registries than it was given.
    /// </summary>
    public static async Task<IReadOnlyList<IIssuerRegistry>> LoadRegistriesAsync(string[]? specs, OnlineResolver? resolver, CancellationToken ct)
    {
        var registries = new List<IIssuerRegistry>();
        foreach (var spec in specs ?? [])
        {
            var eq = spec.IndexOf('=', StringComparison.Ordinal);
            var named = eq > 0 && spec.AsSpan(0, eq).IndexOfAny(":/\\") < 0;
            var location = named ? spec[(eq + 1)..] : spec;
            var isUrl = location.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
            var name = named ? spec[..eq] : isUrl ? location : Path.GetFileNameWithoutExtension(location);
            if (string.IsNullOrWhiteSpace(location) || string.IsNullOrWhiteSpace(name))
            {
                throw new CliException($"--issuer-registry '{spec}' must be [NAME=]PATH or [NAME=]https://URL");
            }

            try
            {
                if (isUrl)
                {
                    if (resolver is null)
                    {
                        throw new CliException($"--issuer-registry '{location}' is a URL; fetching it needs --online and --allow-origin for its origin");
                    }

                    registries.Add(await resolver.LoadDccIssuerRegistryAsync(name, location, ct).ConfigureAwait(false));
                }
                else
                {
                    // The CLI's one file reader: regular files only, bounded, with the same refusals as every other option.
                    registries.Add(DccIssuerRegistry.Parse(name, CliConsole.ReadBytes(location, "--issuer-registry", MicroCredentials.Signing.Json.JsonInputLimits.Default.MaxBytes)));
                }
            }
            catch (IssuerRegistryException ex)
            {
                throw new CliException($"--issuer-registry '{spec}': {ex.Code}: {ex.Message}", ExitCodes.Of(ex));
            }
        }

        return registries;
    }

    /// <summary>The mapped lists (read eagerly into memory, so their only retrieval error is "not mapped"), then online.</summary>
    private sealed class MapFirstStatusListResolver(IStatusListResolver mapped, IStatusListResolver online) : IStatusListResolver
    {
        public async Task<StatusListDocument> ResolveAsync(string url, CancellationToken cancellationToken = default)
        {
            try
            {
                return await mapped.ResolveAsync(url, cancellationToken).ConfigureAwait(false);
            }
            catch (StatusListException ex) when (ex.Code == StatusErrorCodes.StatusRetrievalError)
            {
                return await online.ResolveAsync(url, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
