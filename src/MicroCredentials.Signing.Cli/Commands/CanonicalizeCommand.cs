using System.CommandLine;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Canonicalization;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Rdf;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>
/// <c>mcred canonicalize</c>: RDFC-1.0 canonical N-Quads of a JSON-LD document (<c>--in</c>, safe mode, bundled
/// contexts only) or of an N-Quads file (<c>--nquads</c>); with <c>--hash</c>, a JSON object with the hash too.
/// </summary>
internal static class CanonicalizeCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Option<string>("--in") { Description = "JSON-LD document to convert to RDF (safe mode) and canonicalize" };
        var nquads = new Option<string>("--nquads") { Description = "N-Quads file to canonicalize" };
        var hash = new Option<string>("--hash") { Description = "Also hash the canonical N-Quads and print JSON: sha256 or sha384" };
        hash.AcceptOnlyFromAmong("sha256", "sha384");

        var command = new Command("canonicalize", "Print the RDFC-1.0 canonical N-Quads of a JSON-LD document or an N-Quads file");
        command.Options.Add(input);
        command.Options.Add(nquads);
        command.Options.Add(hash);
        command.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            var inPath = result.GetValue(input);
            var nquadsPath = result.GetValue(nquads);
            if ((inPath is null) == (nquadsPath is null))
            {
                throw new CliException("give exactly one of --in (JSON-LD) or --nquads (N-Quads)");
            }

            var algorithm = result.GetValue(hash) switch
            {
                null => (RdfcHashAlgorithm?)null,
                "sha384" => RdfcHashAlgorithm.Sha384,
                _ => RdfcHashAlgorithm.Sha256,
            };

            var quads = inPath is not null
                ? await ToRdfAsync(inPath, cancellationToken).ConfigureAwait(false)
                : ParseNQuads(nquadsPath!);

            CanonicalizationResult canonical;
            try
            {
                canonical = Rdfc10.Canonicalize(quads, RdfcOptions.Default, cancellationToken);
            }
            catch (CanonicalizationException ex)
            {
                var exitCode = ex.Code == CanonicalizationException.InvalidQuad ? ExitCodes.Usage : ExitCodes.NotVerified;
                throw new CliException($"{ex.Code}: {ex.Message}", exitCode);
            }

            if (algorithm is not { } alg)
            {
                await console.Out.WriteAsync(canonical.NQuads).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            console.WriteJson(new JsonObject
            {
                ["nquads"] = canonical.NQuads,
                ["hash"] = Convert.ToHexString(Rdfc10.Hash(canonical.NQuads, alg)).ToLowerInvariant(),
                ["algorithm"] = alg == RdfcHashAlgorithm.Sha384 ? "sha384" : "sha256",
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static IReadOnlyList<Quad> ParseNQuads(string path)
    {
        try
        {
            return NQuads.Parse(CliConsole.ReadText(path, "--nquads"));
        }
        catch (FormatException ex)
        {
            throw CliConsole.Refused(path, "--nquads", ex.Message);
        }
    }

    private static async Task<IReadOnlyList<Quad>> ToRdfAsync(string path, CancellationToken cancellationToken)
    {
        var document = CliConsole.ReadJson(path, "--in");
        try
        {
            return await new JsonLdProcessor(StaticDocumentLoader.Default)
                .ToRdfAsync(document, new JsonLdOptions { SafeMode = true }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (JsonLdException ex)
        {
            throw new CliException($"'{path}' is not usable JSON-LD ({ex.Code}): {ex.Message}");
        }
    }
}
