using System.CommandLine;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Mapping;
using MicroCredentials.Signing.Mapping.Edc;
using MicroCredentials.Signing.Model;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary><c>mcred map</c>: EU elements JSON → unsigned OB 3.0 credential, or an OB 3.0 or ELM/EDC credential → elements + completeness report.</summary>
internal static class MapCommand
{
    public static Command Create(CliConsole console)
    {
        var elements = new Option<string?>("--elements") { Description = "Elements JSON file (see docs/elements-json.md) to map to an unsigned OB 3.0 AchievementCredential" };
        var fromCredential = new Option<string?>("--from-credential") { Description = "OB 3.0 or ELM/EDC credential JSON file (detected) to read back into elements, with a completeness report" };
        var vc = new Option<string>("--vc") { Description = "VC Data Model version of the produced credential: 2.0 (default) or 1.1", DefaultValueFactory = _ => "2.0" };
        vc.AcceptOnlyFromAmong("2.0", "1.1");
        var output = new Option<string?>("--out") { Description = "Write the result to this file instead of standard output" };
        var credentialId = new Option<string?>("--credential-id") { Description = "Credential id (default: a fresh urn:uuid)" };
        var achievementId = new Option<string?>("--achievement-id") { Description = "Achievement id (default: a fresh urn:uuid)" };
        var withSchema = new Option<bool>("--with-schema") { Description = "Add a credentialSchema entry for the OB 3.0 AchievementCredential JSON Schema" };
        var allowIncomplete = new Option<bool>("--allow-incomplete") { Description = "Map even when mandatory Annex I elements are missing (the result is then not an EU micro-credential)" };

        var command = new Command("map", "Map EU micro-credential elements to an unsigned Open Badges 3.0 credential, or read the elements back out of a credential");
        foreach (var option in new Option[] { elements, fromCredential, vc, output, credentialId, achievementId, withSchema, allowIncomplete })
        {
            command.Options.Add(option);
        }

        command.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var elementsPath = r.GetValue(elements);
            var credentialPath = r.GetValue(fromCredential);
            if ((elementsPath is null) == (credentialPath is null))
            {
                throw new CliException("give exactly one of --elements or --from-credential");
            }

            if (credentialPath is not null)
            {
                var credential = CliConsole.ReadJsonObject(credentialPath, "--from-credential", "a credential (a JSON object)");

                var edc = EdcReader.IsEdc(credential);
                var report = Report(edc ? EdcReader.FromCredential(credential) : OpenBadgesMapper.FromCredential(credential));
                report.Insert(0, "format", edc ? "edc" : "ob3");
                console.WriteJsonTo(r.GetValue(output), report);
                return Task.FromResult(ExitCodes.Success);
            }

            MicroCredential model;
            try
            {
                model = MicroCredentialJson.FromNode(CliConsole.ReadJson(elementsPath!, "--elements"));
            }
            catch (MicroCredentialFormatException ex)
            {
                throw CliConsole.Refused(elementsPath!, "--elements", "not an elements document: " + ex.Message);
            }

            var options = new MappingOptions
            {
                VcVersion = r.GetValue(vc) == "1.1" ? VcDataModelVersion.V1_1 : VcDataModelVersion.V2,
                CredentialId = r.GetValue(credentialId),
                AchievementId = r.GetValue(achievementId),
                IncludeCredentialSchema = r.GetValue(withSchema),
                AllowIncomplete = r.GetValue(allowIncomplete),
            };
            var problems = OpenBadgesMapper.CheckMappable(model, options);
            if (problems.Count > 0)
            {
                console.WriteJson(new JsonObject { ["valid"] = false, ["problems"] = Problems(problems) });
                throw new CliException($"'{elementsPath}' has {problems.Count} problem(s); nothing was mapped", ExitCodes.NotVerified);
            }

            console.WriteJsonTo(r.GetValue(output), OpenBadgesMapper.ToCredential(model, options));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    internal static JsonObject Report(CredentialReadResult result) => new()
    {
        ["credentialId"] = result.CredentialId,
        ["achievementId"] = result.AchievementId,
        ["claimsMicroCredential"] = result.ClaimsMicroCredential,
        ["complete"] = result.IsComplete,
        ["missingElements"] = new JsonArray(result.MissingElements.Select(m => (JsonNode)JsonValue.Create(m)!).ToArray()),
        ["elements"] = MicroCredentialJson.ToNode(result.Elements),
        ["problems"] = Problems(result.Problems),
        ["notes"] = new JsonArray(result.Notes.Select(n => (JsonNode)new JsonObject { ["path"] = n.Path, ["code"] = n.Code, ["message"] = n.Message }).ToArray()),
    };

    private static JsonArray Problems(IEnumerable<ValidationProblem> problems) =>
        new(problems.Select(p => (JsonNode)new JsonObject { ["path"] = p.Path, ["code"] = p.Code, ["message"] = p.Message }).ToArray());
}
