using System.CommandLine;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Issuance;
using MicroCredentials.Signing.Mapping;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Sqlite;
using MicroCredentials.Signing.Status;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>
/// <c>mcred issue --elements el.json --key key.json [--suite S] [--vc 2.0|1.1] [--status-list URL] [--store PATH] [--created ISO] [--out cred.json]</c>:
/// maps the elements to an OB 3.0 credential, optionally allocates a status entry from the SQLite store, and signs.
/// </summary>
internal static class IssueCommand
{
    public static Command Create(CliConsole console)
    {
        var elements = new Option<string>("--elements") { Description = "EU micro-credential elements (JSON, see docs/elements-json.md)", Required = true };
        var key = new Option<string>("--key") { Description = "Multikey key file (mcred keygen); its controller becomes the issuer", Required = true };
        var suite = CliParsing.SuiteOption();
        var vc = new Option<string>("--vc") { Description = "VC Data Model version", DefaultValueFactory = _ => "2.0" };
        vc.AcceptOnlyFromAmong("2.0", "1.1");
        var statusList = new Option<string?>("--status-list") { Description = "Allocate a random index of this status list (created in the store on first use, revocation, 131,072 entries)" };
        var storeOption = new RenamedOption<string?>(new Option<string?>("--store") { Description = "SQLite status store file, used with --status-list (default: $MCRED_STATUS_DB or the user's mcred/status.db)" }, required: false, "--db");
        var created = new Option<string?>("--created") { Description = "Proof 'created' (ISO 8601); default now" };
        var output = new Option<string?>("--out") { Description = "Write the signed credential here instead of stdout" };
        var command = new Command("issue", "Map EU elements to an OB 3.0 credential, allocate a status entry, and sign");
        foreach (var option in new Option[] { elements, key, suite, vc, statusList, created, output }.Concat(storeOption.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var elementsPath = r.GetValue(elements)!;
            var elementsJson = CliConsole.ReadJson(elementsPath, "--elements");
            MicroCredential parsed;
            try
            {
                parsed = MicroCredentialJson.FromNode(elementsJson);
            }
            catch (MicroCredentialFormatException ex)
            {
                throw CliConsole.Refused(elementsPath, "--elements", "not an elements document: " + ex.Message);
            }

            using var keyFile = CliParsing.ReadKey(r.GetValue(key)!);
            var cryptosuite = CliParsing.Suite(r.GetValue(suite), keyFile.KeyPair.Algorithm);
            parsed = WithIssuer(parsed, keyFile.Controller, console);

            SqliteStatusListStore? store = null;
            if (r.GetValue(statusList) is { } listUrl)
            {
                store = await StatusCommand.OpenStoreAsync(storeOption.Get(r), ct).ConfigureAwait(false);
                await new StatusListIssuer(store).EnsureListAsync(new StatusListDefinition(listUrl, StatusPurposes.Revocation), ct).ConfigureAwait(false);
            }

            var issuer = new CredentialIssuer(new CredentialIssuerOptions { StatusLists = store is null ? null : new StatusListIssuer(store) });
            try
            {
                var signed = await issuer.IssueAsync(parsed, keyFile.CreateSigner(), new IssueOptions
                {
                    Cryptosuite = cryptosuite,
                    Mapping = new MappingOptions { VcVersion = r.GetValue(vc) == "1.1" ? VcDataModelVersion.V1_1 : VcDataModelVersion.V2 },
                    StatusListUrl = r.GetValue(statusList),
                    Created = CliParsing.ParseTime(r.GetValue(created), "--created"),
                }, ct).ConfigureAwait(false);
                console.WriteJsonTo(r.GetValue(output), signed);
                return ExitCodes.Success;
            }
            catch (ArgumentException ex)
            {
                throw new CliException(ex.Message);
            }
            catch (DataIntegrityException ex)
            {
                throw new CliException($"{ex.Code}: {ex.Message}", ExitCodes.Of(ex));
            }
        });
        return command;
    }

    /// <summary>The signing key decides who the issuer is; a different awarding-body id could never verify.</summary>
    internal static MicroCredential WithIssuer(MicroCredential elements, string controller, CliConsole console)
    {
        if (elements.AwardingBodies.Count == 0 || elements.AwardingBodies[0].Id == controller)
        {
            return elements;
        }

        console.Error.WriteLine($"note: issuer id set to the key's controller {controller} (the elements said {elements.AwardingBodies[0].Id})");
        return elements with { AwardingBodies = [elements.AwardingBodies[0] with { Id = controller }, .. elements.AwardingBodies.Skip(1)] };
    }
}
