using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Online;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Verification;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>
/// <c>mcred verify --online [--allow-origin https://host]... [--allow-context-origin https://host]...</c>: resolves
/// what the maps do not hold over public HTTPS (see <see cref="OnlineResolutionOptions"/>). Maps stay first, so an
/// offline answer is never replaced by a fetched one.
/// </summary>
internal static class VerifyOnline
{
    public static CredentialVerifierOptions Apply(CredentialVerifierOptions options, bool online, string[]? origins, string[]? contextOrigins)
    {
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

        return options with
        {
            // Online contexts only when origins were allowed for them; otherwise the caller's loader (bundled, or
            // bundled plus --context-map) stays, since the online loader would serve nothing more.
            DocumentLoader = contextOrigins.Length > 0 ? resolver.DocumentLoader : options.DocumentLoader,
            MethodResolver = new CompositeVerificationMethodResolver(options.MethodResolver, resolver.MethodResolver),
            StatusListResolver = options.StatusListResolver is { } mapped ? new MapFirstStatusListResolver(mapped, resolver.StatusListResolver) : resolver.StatusListResolver,
        };
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
