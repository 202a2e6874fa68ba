using System.CommandLine;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Canonicalization;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Rdf;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>
/// <c>mcred canonicalize</c>: RDFC-1.0 canonical N-Quads of a JSON-LD document (<c>--in</c>, safe mode, bundled
/// contexts plus <c>--context-map</c>) or of an N-Quads file (<c>--nquads</c>). <c>--hash</c> is RDFC-1.0's own hash
/// algorithm (it changes the blank node labels, so the output); <c>--digest</c> prints a JSON object with a digest of
/// the output. Before issue 13 <c>--hash</c> meant the digest; it now follows the RDFC-1.0 spec's name, because the
/// option that changes the canonical form is the one a user of the spec's test suite looks for.
/// </summary>
internal static class CanonicalizeCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Option<string>("--in") { Description = "JSON-LD document to convert to RDF (safe mode) and canonicalize" };
        var nquads = new Option<string>("--nquads") { Description = "N-Quads file to canonicalize" };
        var hash = new Option<string>("--hash") { Description = "RDFC-1.0's hash algorithm, which decides the blank node labels: sha256 (default) or sha384" };
        hash.AcceptOnlyFromAmong("sha256", "sha384");
        var digest = new Option<string>("--digest") { Description = "Also digest the canonical N-Quads and print JSON {nquads, hashAlgorithm, digest, digestAlgorithm}: sha256 or sha384" };
        digest.AcceptOnlyFromAmong("sha256", "sha384");
        var contextMap = CliParsing.ContextMapOption();

        var command = new Command("canonicalize", "Print the RDFC-1.0 canonical N-Quads of a JSON-LD document or an N-Quads file");
        command.Options.Add(input);
        command.Options.Add(nquads);
        command.Options.Add(hash);
        command.Options.Add(digest);
        command.Options.Add(contextMap);
        command.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            var inPath = result.GetValue(input);
            var nquadsPath = result.GetValue(nquads);
            if ((inPath is null) == (nquadsPath is null))
            {
                throw new CliException("give exactly one of --in (JSON-LD) or --nquads (N-Quads)");
            }

            var rdfcHash = result.GetValue(hash) == "sha384" ? RdfcHashAlgorithm.Sha384 : RdfcHashAlgorithm.Sha256;
            var algorithm = result.GetValue(digest) switch
            {
                null => (RdfcHashAlgorithm?)null,
                "sha384" => RdfcHashAlgorithm.Sha384,
                _ => RdfcHashAlgorithm.Sha256,
            };

            var quads = inPath is not null
                ? await ToRdfAsync(inPath, CliParsing.ContextLoader(result.GetValue(contextMap)), cancellationToken).ConfigureAwait(false)
                : ParseNQuads(nquadsPath!);

            CanonicalizationResult canonical;
            try
            {
                canonical = Rdfc10.Canonicalize(quads, RdfcOptions.Default with { HashAlgorithm = rdfcHash }, cancellationToken);
            }
            catch (CanonicalizationException ex)
            {
                throw new CliException($"{ex.Code}: {ex.Message}", ExitCodes.Of(ex));
            }

            if (algorithm is not { } alg)
            {
                await console.Out.WriteAsync(canonical.NQuads).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            console.WriteJson(new JsonObject
            {
                ["nquads"] = canonical.NQuads,
                ["hashAlgorithm"] = Name(rdfcHash),
                ["digest"] = Convert.ToHexString(Rdfc10.Hash(canonical.NQuads, alg)).ToLowerInvariant(),
                ["digestAlgorithm"] = Name(alg),
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Name(RdfcHashAlgorithm algorithm) => algorithm == RdfcHashAlgorithm.Sha384 ? "sha384" : "sha256";

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

    private static async Task<IReadOnlyList<Quad>> ToRdfAsync(string path, IDocumentLoader loader, CancellationToken cancellationToken)
    {
        var document = CliConsole.ReadJson(path, "--in");
        try
        {
            return await new JsonLdProcessor(loader)
                .ToRdfAsync(document, new JsonLdOptions { SafeMode = true }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (JsonLdException ex)
        {
            throw new CliException($"'{path}' is not usable JSON-LD ({ex.Code}): {ex.Message}", ExitCodes.Of(ex));
        }
    }
}
