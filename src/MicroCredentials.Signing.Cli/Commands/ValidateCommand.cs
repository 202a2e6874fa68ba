using System.CommandLine;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Schemas;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>
/// <c>mcred validate</c>: JSON Schema report of a credential against the bundled OB 3.0 and extension schemas, or, with
/// <c>--shacl</c>, a SHACL Core report of a JSON-LD, Turtle or N-Quads document (<see cref="ShaclValidateCommand"/>).
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Option<string>("--in") { Description = "Credential JSON file; with --shacl, the data graph: JSON-LD, Turtle (.ttl) or N-Quads (.nq, .nt)", Required = true };
        var shacl = ShaclValidateCommand.ShapesOption();
        var contextMap = CliParsing.ContextMapOption();
        var command = new Command("validate", "Validate a credential against the bundled OB 3.0 JSON Schemas, or with --shacl against SHACL shapes (exit 0 valid, 1 invalid, 2 unusable input); nothing is fetched");
        command.Options.Add(input);
        command.Options.Add(shacl);
        command.Options.Add(contextMap);
        command.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var path = r.GetValue(input)!;
            if (r.GetValue(shacl) is { Length: > 0 } shapes)
            {
                return ShaclValidateCommand.RunAsync(console, shapes, path, r.GetValue(contextMap), ct);
            }

            if (r.GetValue(contextMap) is not null)
            {
                throw new CliException("--context-map applies only with --shacl (the JSON Schema report reads the credential as JSON)");
            }

            var credential = CliConsole.ReadJson(path, "--in");
            var result = CredentialSchemaValidator.Default.Validate(credential);
            console.WriteJson(new JsonObject
            {
                ["valid"] = result.Valid,
                ["schemas"] = new JsonArray(result.SchemasApplied.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
                ["errors"] = new JsonArray(result.Errors.Select(e => (JsonNode)new JsonObject
                {
                    ["path"] = e.Path,
                    ["keyword"] = e.Keyword,
                    ["message"] = e.Message,
                }).ToArray()),
            });
            if (!result.Valid)
            {
                console.Error.WriteLine($"{path}: {result.Errors.Count} schema error(s)");
            }

            return Task.FromResult(result.Valid ? ExitCodes.Success : ExitCodes.NotVerified);
        });
        return command;
    }
}
