using System.CommandLine;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Baking;
using MicroCredentials.Signing.Dids;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Verification;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>
/// <c>mcred verify --in FILE [--now ISO] [--did-map map.json] [--status-map map.json] [--trust-status-issuer ID]
/// [--recipient EMAIL] [--schema off|warn|strict] [--context-map map.json] [--online [--allow-origin URL]... [--allow-context-origin URL]...]</c>: runs the full verification pipeline on a JSON credential, a compact VC-JWT,
/// or a baked PNG/SVG badge, and prints the report with top-level <c>verified</c>. Exit 0 verified, 1 not verified, 2 usage error or unreadable input (the report still names the parsing error), 3 indeterminate.
/// A Verifiable Presentation (<c>[--challenge C] [--domain D] [--holder-binding warn|require]</c>) is verified as one: see <see cref="VerifyPresentation"/>.
/// With several files, a folder or <c>-</c> (NDJSON on standard input) it verifies a batch: see <see cref="VerifyBatch"/>.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Option<string[]>("--in")
        {
            Description = "The credential: JSON, compact JWT, or baked PNG/SVG. Several files, a folder (recursive: *.json, *.jsonld, *.jwt, *.png, *.svg) or - (one credential per line on standard input) verify a batch and print NDJSON",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var parallel = new Option<int?>("--parallel") { Description = "Batch only: how many credentials are verified at once (default: the number of processors)" };
        var now = new Option<string?>("--now") { Description = "Verify as of this time (ISO 8601); default now" };
        var didMap = new Option<string?>("--did-map") { Description = "JSON map {\"<DID or URL>\": \"<path relative to the map>\"} of controller documents, used offline; each document's id must be its key, did:key entries are ignored" };
        var statusMap = new Option<string?>("--status-map") { Description = "JSON map {\"<status list URL>\": \"<path relative to the map>\"} of status list credentials" };
        var trust = new Option<string[]>("--trust-status-issuer") { Description = "Also accept status lists issued by this id (repeatable)", AllowMultipleArgumentsPerToken = true };
        var recipient = new Option<string?>("--recipient") { Description = "Check that the credential was issued to this identity (e-mail), against its salted hash" };
        // Former spelling of --schema off: still accepted, hidden so help shows one name for the schema policy.
        var noSchema = new Option<bool>("--no-schema") { Description = "Former spelling of --schema off", Hidden = true };
        var schemaPolicy = new Option<string>("--schema")
        {
            Description = "off | warn (default: the OB 3.0 schema warns unless the credential declares it; declared schemas fail) | strict (every OB 3.0 violation fails, as the 1EdTech validator)",
            DefaultValueFactory = _ => "warn",
        };
        schemaPolicy.AcceptOnlyFromAmong("off", "warn", "strict");
        var contextMap = CliParsing.ContextMapOption();
        var online = new Option<bool>("--online") { Description = "Resolve did:web, HTTPS controller documents and status lists the maps do not hold over HTTPS, from public addresses only; contexts stay bundled" };
        var allowOrigin = new Option<string[]>("--allow-origin") { Description = "With --online: fetch only from this origin, https://host[:port] (repeatable)", AllowMultipleArgumentsPerToken = true };
        var allowContextOrigin = new Option<string[]>("--allow-context-origin") { Description = "With --online: also fetch JSON-LD contexts not bundled from this origin (repeatable)", AllowMultipleArgumentsPerToken = true };
        var registries = new Option<string[]>("--issuer-registry") { Description = "Look the issuer up in this DCC-format issuer registry, [NAME=]PATH or [NAME=]https://URL (URL: needs --online and --allow-origin for it); repeatable, most authoritative first; reported as \"trust\", never changes the verdict", AllowMultipleArgumentsPerToken = true };
        var challenge = new Option<string?>("--challenge") { Description = "Presentations: the challenge the presentation proof must carry (not checked when omitted)" };
        var domain = new Option<string?>("--domain") { Description = "Presentations: the domain the presentation proof must carry (not checked when omitted)" };
        var holderBinding = new Option<string>("--holder-binding")
        {
            Description = "Presentations: warn (default) or require that the holder is the subject of every presented credential",
            DefaultValueFactory = _ => "warn",
        };
        holderBinding.AcceptOnlyFromAmong("warn", "require");
        var command = new Command("verify", "Verify a credential or a presentation: schema, proof and issuer key, validity window, status, endorsements, EU completeness; a presentation's proof, challenge, domain and holder");
        var jadesTrust = JadesCommand.TrustOptions.Create();
        foreach (var option in new Option[] { input, parallel, now, didMap, statusMap, trust, recipient, noSchema, schemaPolicy, contextMap, online, allowOrigin, allowContextOrigin, registries, challenge, domain, holderBinding }.Concat(jadesTrust.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var inputs = r.GetValue(input) ?? [];
            if (inputs.Length == 0)
            {
                throw new CliException("--in needs at least one file, folder or -");
            }

            // Arguments are checked before anything is read: a bad --parallel or a missing path prints no report at all.
            // --parallel is accepted (and moot) for one file, so a script passing "$@" works for any count.
            var batch = VerifyBatch.IsBatch(inputs);
            var degree = r.GetValue(parallel) ?? Environment.ProcessorCount;
            if (degree < 1)
            {
                throw new CliException($"--parallel '{degree}' must be at least 1");
            }

            var sources = batch ? VerifyBatch.Expand(inputs) : [];

            // One file: read first, as it always was, so its refusals come before any map's.
            var path = inputs[0];
            // The input may be a baked image, so the bound is the larger of the image and JSON bounds; the verifier
            // applies the right one once it knows what it was given.
            var bytes = batch ? [] : CliConsole.ReadBytes(path, "--in", MaxInputBytes);
            var options = new CredentialVerifierOptions
            {
                Schema = r.GetValue(noSchema) ? SchemaPolicy.Off : r.GetValue(schemaPolicy) switch
                {
                    "off" => SchemaPolicy.Off,
                    "strict" => SchemaPolicy.Strict,
                    _ => SchemaPolicy.Warn,
                },
                TrustedStatusListIssuers = r.GetValue(trust) ?? [],
            };
            if (CliParsing.ParseTime(r.GetValue(now), "--now") is { } when)
            {
                options = options with { TimeProvider = new FixedClock(when) };
            }

            if (r.GetValue(contextMap) is { } contextPath)
            {
                options = options with { DocumentLoader = CliParsing.ContextLoader(contextPath) };
            }

            if (r.GetValue(didMap) is { } mapPath)
            {
                var documents = CliParsing.ReadMap(mapPath, "--did-map");

                // did:key first: its key is derived from the identifier itself and never taken from a map.
                options = options with { MethodResolver = new CompositeVerificationMethodResolver(DidKeyResolver.Instance, new StaticControllerDocumentResolver(documents)) };
            }

            if (r.GetValue(statusMap) is { } statusPath)
            {
                IStatusListResolver lists = new StaticStatusListResolver(CliParsing.ReadMap(statusPath, "--status-map"));

                // In a batch a list is read once and served to every credential that names it (the verifier would
                // share one cache itself; wrapping here keeps that visible at the place the resolver is chosen).
                options = options with { StatusListResolver = batch ? new CachingStatusListResolver(lists, options.TimeProvider) : lists };
            }

            if (r.GetValue(contextMap) is not null && r.GetValue(allowContextOrigin) is { Length: > 0 })
            {
                throw new CliException("--context-map and --allow-context-origin both say where contexts come from; use one");
            }

            options = VerifyOnline.Apply(options, r.GetValue(online), r.GetValue(allowOrigin), r.GetValue(allowContextOrigin), out var onlineResolver);
            if (r.GetValue(registries) is { Length: > 0 } registrySpecs)
            {
                options = options with { IssuerRegistries = await VerifyOnline.LoadRegistriesAsync(registrySpecs, onlineResolver, ct).ConfigureAwait(false) };
            }

            var verifyOptions = new VerifyOptions { RecipientIdentity = r.GetValue(recipient) };
            var verifier = new CredentialVerifier(options);
            var presentation = new VerifyBatch.Presentations(new PresentationVerifier(verifier), new PresentationVerifyOptions
            {
                Challenge = r.GetValue(challenge),
                Domain = r.GetValue(domain),
                HolderBinding = r.GetValue(holderBinding) == "require" ? HolderBinding.Require : HolderBinding.Warn,
                Credentials = verifyOptions,
            }, jadesTrust.Apply(r, new Jades.JadesVerifierOptions { ValidationTime = CliParsing.ParseTime(r.GetValue(now), "--now") }));
            if (batch)
            {
                return await VerifyBatch.RunAsync(console, verifier, presentation, sources, degree, verifyOptions, ct).ConfigureAwait(false);
            }

            // A sealed European Digital Credential (a JAdES JSON serialization) is verified as a seal.
            if (JadesCommand.LooksLikeJades(bytes))
            {
                return await JadesCommand.RunVerifyAsync(console, path, bytes, presentation.Seals, ct).ConfigureAwait(false);
            }

            if (VerifyPresentation.AsPresentation(bytes, options.Limits.Json) is { } vp)
            {
                var vpReport = await presentation.Verifier.VerifyAsync(vp, presentation.Options, ct).ConfigureAwait(false);
                console.WriteJson(VerifyPresentation.ToJson(vpReport));
                return ExitCodes.Of(vpReport.Outcome);
            }

            if (r.GetValue(challenge) is not null || r.GetValue(domain) is not null)
            {
                await console.Error.WriteLineAsync($"note: --in '{path}' is not a presentation; --challenge and --domain apply to presentations only").ConfigureAwait(false);
            }

            var report = await verifier.VerifyAsync(bytes, verifyOptions, ct).ConfigureAwait(false);
            console.WriteJson(report.ToJson());
            if (report.Verified)
            {
                return ExitCodes.Success;
            }

            // No credential could be read at all: unusable input rather than a credential that failed verification.
            if (report.Credential is null)
            {
                var why = report.Failures.FirstOrDefault();
                await console.Error.WriteLineAsync("error: " + CliConsole.Refused(path, "--in", why is null ? "no credential could be read" : $"{why.Code}{(why.Path is null ? "" : " at " + why.Path)}: {why.Message}").Message).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            // Nothing was found wrong, but a fact (status, key, context) could not be established.
            return ExitCodes.Of(report.Outcome);
        });
        return command;
    }

    /// <summary>The bound on one input file: the larger of the image and JSON bounds (the verifier applies the right one).</summary>
    internal static long MaxInputBytes => Math.Max(BakingLimits.Default.MaxImageBytes, CliConsole.MaxJsonFileBytes);
}
