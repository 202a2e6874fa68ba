using System.CommandLine;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Issuance;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.Sqlite;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Verification;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary>
/// <c>mcred demo [--store PATH] [--dir DIR]</c>: the whole story on the embedded SQLite store: key, mapping, status
/// index, signing, verification, revocation, re-verification. Exit 0 when every step behaved as it should.
/// </summary>
internal static class DemoCommand
{
    private const string ListUrl = "https://issuer.example.edu/status/revocation/1";

    public static Command Create(CliConsole console)
    {
        var store = new RenamedOption<string?>(new Option<string?>("--store") { Description = "SQLite status store file (default: $MCRED_STATUS_DB or the user's mcred/status.db)" }, required: false, "--db");
        var dir = new Option<string?>("--dir") { Description = "Folder for the demo's files (key, credential, status list); default: a new temporary folder" };
        var command = new Command("demo", "Issue, sign, verify, revoke and re-verify an EU micro-credential on the embedded SQLite store");
        foreach (var option in store.All)
        {
            command.Options.Add(option);
        }

        command.Options.Add(dir);
        command.SetAction((ParseResult r, CancellationToken ct) => RunAsync(console, store.Get(r), r.GetValue(dir), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string? dbPath, string? dir, CancellationToken ct)
    {
        var o = console.Out;
        dir ??= Path.Combine(Path.GetTempPath(), "mcred-demo-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        dbPath ??= CliConfiguration.DefaultStatusDatabasePath;
        o.WriteLine("MicroCredentials.Signing demo: issue, sign, verify, revoke, re-verify");
        o.WriteLine();

        using var key = KeyFile.Generate(KeyAlgorithm.Ed25519);
        await key.SaveAsync(Path.Combine(dir, "issuer-key.json"), ct).ConfigureAwait(false);
        o.WriteLine($"1. Issuer key      Ed25519, {key.Controller}");

        var elements = MicroCredentialJson.Parse(ReadSample());
        elements = IssueCommand.WithIssuer(elements, key.Controller, new CliConsole(TextWriter.Null, TextWriter.Null));
        var validation = MicroCredentialValidator.Validate(elements);
        o.WriteLine($"2. EU elements     \"{elements.Title}\" by {elements.AwardingBodies[0].Name}: {(validation.IsValid ? "all Annex I elements present and valid" : validation.Problems.Count + " problems")}");

        var store = await StatusCommand.OpenStoreAsync(dbPath, ct).ConfigureAwait(false);
        var lists = new StatusListIssuer(store);
        var metadata = await lists.EnsureListAsync(new StatusListDefinition(ListUrl, StatusPurposes.Revocation), ct).ConfigureAwait(false);
        o.WriteLine($"3. Status store    SQLite {store.DatabasePath}; list {ListUrl} ({metadata.Definition.Length:N0} entries, {metadata.AllocatedCount:N0} in use)");

        var issuer = new CredentialIssuer(new CredentialIssuerOptions { StatusLists = lists });
        var signer = key.CreateSigner();
        var credential = await issuer.IssueAsync(elements, signer, new IssueOptions { StatusListUrl = ListUrl }, ct).ConfigureAwait(false);
        var entry = (JsonObject)credential["credentialStatus"]!;
        var index = int.Parse((string)entry["statusListIndex"]!, System.Globalization.CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(Path.Combine(dir, "credential.json"), credential.ToJsonString(new() { WriteIndented = true }), ct).ConfigureAwait(false);
        o.WriteLine($"4. Issued          {credential["id"]}: OB 3.0 AchievementCredential (VC 2.0), status index {index} (random), signed with eddsa-rdfc-2022");

        var listOptions = new StatusListCredentialOptions { Issuer = key.Controller, TimeToLive = TimeSpan.FromMinutes(5) };
        var published = await issuer.PublishStatusListAsync(ListUrl, signer, Cryptosuite.EddsaRdfc2022, listOptions, ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(dir, "status-list.json"), published.ToJsonString(), ct).ConfigureAwait(false);
        o.WriteLine("5. Published       the signed BitstringStatusListCredential");

        var first = await Verify(credential, published, ct).ConfigureAwait(false);
        o.WriteLine($"6. Verified        {Outcome(first)}");
        Summarise(o, first);

        await lists.SetStatusAsync(entry, 1, ct).ConfigureAwait(false);
        var republished = await issuer.PublishStatusListAsync(ListUrl, signer, Cryptosuite.EddsaRdfc2022, listOptions, ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(dir, "status-list.json"), republished.ToJsonString(), ct).ConfigureAwait(false);
        o.WriteLine($"7. Revoked         index {index} set in the store; list re-published");

        var second = await Verify(credential, republished, ct).ConfigureAwait(false);
        o.WriteLine($"8. Verified again  {Outcome(second)}");
        Summarise(o, second);

        var asExpected = first.Verified && !second.Verified && second.HasCode(VerificationSteps.Status, VerificationCodes.Revoked);
        o.WriteLine();
        o.WriteLine(asExpected
            ? $"Done: the credential verified, and after revocation it no longer does. Files in {dir}"
            : "Unexpected outcome: see the checks above.");
        return asExpected ? ExitCodes.Success : ExitCodes.NotVerified;
    }

    private static Task<VerificationReport> Verify(JsonObject credential, JsonObject statusList, CancellationToken ct)
    {
        var verifier = new CredentialVerifier(new CredentialVerifierOptions
        {
            StatusListResolver = new StaticStatusListResolver(new Dictionary<string, JsonObject> { [ListUrl] = statusList }),
        });
        return verifier.VerifyAsync(credential, cancellationToken: ct);
    }

    private static string Outcome(VerificationReport report) => report.Verified
        ? "VERIFIED"
        : "NOT VERIFIED: " + string.Join(", ", report.Failures.Select(f => f.Code).Distinct());

    private static void Summarise(TextWriter o, VerificationReport report)
    {
        foreach (var check in report.Checks.Where(c => c.Status != CheckStatus.Skipped))
        {
            var mark = check.Status switch
            {
                CheckStatus.Passed => "ok  ",
                CheckStatus.Warning => "warn",
                _ => "FAIL",
            };
            o.WriteLine($"     {mark} {check.Check,-16} {check.Message}");
        }
    }

    private static string ReadSample()
    {
        using var stream = typeof(DemoCommand).Assembly.GetManifestResourceStream("samples/rich-valid.json")
            ?? throw new InvalidOperationException("the embedded sample samples/rich-valid.json is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
