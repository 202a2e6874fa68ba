using System.CommandLine;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Schemas;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary><c>mcred validate</c>: JSON Schema report of a credential against the bundled OB 3.0 and extension schemas.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Option<string>("--in") { Description = "Credential JSON file", Required = true };
        var command = new Command("validate", "Validate a credential against the bundled OB 3.0 JSON Schemas (exit 0 valid, 1 invalid, 2 unreadable); nothing is fetched");
        command.Options.Add(input);
        command.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var path = r.GetValue(input)!;
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
