using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Sqlite;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.Cli.Commands;

/// <summary><c>mcred status …</c>: create, change and read Bitstring Status List credentials, and allocate indices from the store.</summary>
internal static class StatusCommand
{
    public static Command Create(CliConsole console)
    {
        var status = new Command("status", "Bitstring Status Lists: create, set, get, and allocate indices from the local store");
        status.Subcommands.Add(CreateListCommand(console));
        status.Subcommands.Add(SetCommand(console));
        status.Subcommands.Add(GetCommand(console));
        status.Subcommands.Add(AllocateCommand(console));
        return status;
    }

    private static Command CreateListCommand(CliConsole console)
    {
        var length = new Option<int>("--length") { Description = "Number of entries (at least 131072)", DefaultValueFactory = _ => BitstringStatusList.MinimumEntries };
        var purpose = new Option<string>("--purpose") { Description = "revocation | suspension", Required = true };
        purpose.AcceptOnlyFromAmong(StatusPurposes.Revocation, StatusPurposes.Suspension);
        var key = new Option<string>("--key") { Description = "Multikey key file of the issuer (from mcred keygen)", Required = true };
        var id = new RenamedOption<string>(new Option<string>("--status-list") { Description = "The status list URL: where the list credential will be published (its id)" }, required: true, "--id");
        var validUntil = new Option<string?>("--valid-until") { Description = "Optional validUntil (ISO 8601)" };
        var ttl = new Option<long?>("--ttl") { Description = "Optional ttl in milliseconds (how long verifiers may cache the list)" };
        var output = new Option<string?>("--out") { Description = "Write the signed list credential here instead of standard output" };
        var cmd = new Command("create", "Create and sign an empty BitstringStatusListCredential");
        foreach (var o in new Option[] { length, purpose, key, validUntil, ttl, output }.Concat(id.All))
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var url = id.Get(r)!;
            if (!Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                throw new CliException("--status-list must be an absolute URL");
            }

            if (r.GetValue(length) < BitstringStatusList.MinimumEntries)
            {
                throw new CliException($"--length must be at least {BitstringStatusList.MinimumEntries}");
            }

            using var keyFile = CliParsing.ReadKey(r.GetValue(key)!);
            var options = new StatusListCredentialOptions
            {
                Issuer = keyFile.Controller,
                ValidUntil = r.GetValue(validUntil) is { } vu ? CliParsing.ParseTime(vu, "--valid-until") : null,
                TimeToLive = r.GetValue(ttl) is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            };
            JsonObject unsigned;
            try
            {
                unsigned = StatusListCredentials.CreateCredential(url, r.GetValue(purpose)!, new BitstringStatusList(r.GetValue(length)), options);
            }
            catch (ArgumentException ex)
            {
                throw new CliException(ex.Message);
            }

            console.WriteJsonTo(r.GetValue(output), await SignAsync(unsigned, keyFile, ct).ConfigureAwait(false));
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static Command SetCommand(CliConsole console)
    {
        var input = new Option<string>("--in") { Description = "The status list credential (JSON)", Required = true };
        var index = new Option<int>("--index") { Description = "The status index to change", Required = true };
        var value = new Option<int>("--value") { Description = "1 to revoke/suspend, 0 to clear", Required = true };
        value.AcceptOnlyFromAmong("0", "1");
        var key = new Option<string>("--key") { Description = "Multikey key file of the list's issuer", Required = true };
        var output = new Option<string?>("--out") { Description = "Write the re-signed list credential here instead of standard output" };
        var cmd = new Command("set", "Set or clear one status bit and re-sign the list (validFrom becomes now)");
        foreach (var o in new Option[] { input, index, value, key, output })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var credential = ReadListCredential(r.GetValue(input)!);
            var subject = (JsonObject)credential["credentialSubject"]!;
            var list = DecodeList(subject);
            var i = r.GetValue(index);
            if (i < 0 || i >= list.Length)
            {
                throw new CliException($"--index must be in [0, {list.Length})");
            }

            using var keyFile = CliParsing.ReadKey(r.GetValue(key)!);
            var issuer = credential["issuer"] is JsonObject io ? io["id"]?.ToString() : credential["issuer"]?.ToString();
            if (issuer != keyFile.Controller)
            {
                throw new CliException($"the key's controller '{keyFile.Controller}' is not the list's issuer '{issuer}'");
            }

            list.SetStatus(i, r.GetValue(value));
            credential.Remove("proof");
            subject["encodedList"] = list.Encode();
            credential["validFrom"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            console.WriteJsonTo(r.GetValue(output), await SignAsync(credential, keyFile, ct).ConfigureAwait(false));
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static async Task<JsonObject> SignAsync(JsonObject unsigned, KeyFile keyFile, CancellationToken ct)
    {
        var suite = CliParsing.Suite(null, keyFile.KeyPair.Algorithm);

        try
        {
            return await DataIntegrityProofs.SignAsync(unsigned, keyFile.CreateSigner(), suite, new ProofOptions(), ct).ConfigureAwait(false);
        }
        catch (DataIntegrityException ex)
        {
            throw new CliException($"{ex.Code}: {ex.Message}", ExitCodes.Of(ex));
        }
    }

    private static Command GetCommand(CliConsole console)
    {
        var input = new Option<string>("--in") { Description = "The status list credential (JSON)", Required = true };
        var index = new Option<int>("--index") { Description = "The status index to read", Required = true };
        var cmd = new Command("get", "Print the status value at an index of a status list credential");
        cmd.Options.Add(input);
        cmd.Options.Add(index);
        cmd.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var credential = ReadListCredential(r.GetValue(input)!);
            var subject = (JsonObject)credential["credentialSubject"]!;
            var list = DecodeList(subject);
            var i = r.GetValue(index);
            if (i < 0 || i >= list.Length)
            {
                throw new CliException($"--index must be in [0, {list.Length})");
            }

            console.WriteJson(new JsonObject
            {
                ["index"] = i,
                ["status"] = list.GetStatus(i),
                ["statusPurpose"] = subject["statusPurpose"]?.DeepClone(),
                ["length"] = list.Length,
            });
            return Task.FromResult(ExitCodes.Success);
        });
        return cmd;
    }

    private static Command AllocateCommand(CliConsole console)
    {
        var list = new RenamedOption<string>(new Option<string>("--status-list") { Description = "The status list URL (its statusListCredential)" }, required: true, "--list");
        var store = new Option<string?>("--store") { Description = "SQLite store file (default: $MCRED_STATUS_DB or the user's mcred/status.db)" };
        var count = new Option<int>("--count") { Description = "How many indices to allocate", DefaultValueFactory = _ => 1 };
        var purpose = new Option<string?>("--purpose") { Description = "Create the list first, when missing, with this purpose (revocation|suspension)" };
        var length = new Option<int>("--length") { Description = "Length of a list created by --purpose", DefaultValueFactory = _ => BitstringStatusList.MinimumEntries };
        var cmd = new Command("allocate", "Allocate random unused indices from the store; prints one BitstringStatusListEntry per line");
        foreach (var option in list.All)
        {
            cmd.Options.Add(option);
        }

        cmd.Options.Add(store);
        cmd.Options.Add(count);
        cmd.Options.Add(purpose);
        cmd.Options.Add(length);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var n = r.GetValue(count);
            if (n < 1)
            {
                throw new CliException("--count must be at least 1");
            }

            var issuer = new StatusListIssuer(await OpenStoreAsync(r.GetValue(store), ct).ConfigureAwait(false));
            var url = list.Get(r)!;
            if (r.GetValue(purpose) is { } p)
            {
                await issuer.EnsureListAsync(Definition(url, p, r.GetValue(length)), ct).ConfigureAwait(false);
            }

            try
            {
                for (var i = 0; i < n; i++)
                {
                    var entry = await issuer.AllocateEntryAsync(url, ct).ConfigureAwait(false);
                    await console.Out.WriteLineAsync(entry.ToJsonString()).ConfigureAwait(false);
                    await console.Out.FlushAsync(ct).ConfigureAwait(false);
                }
            }
            catch (StatusListException ex)
            {
                throw new CliException($"{ex.Code}: {ex.Message}", ExitCodes.Of(ex));
            }

            return ExitCodes.Success;
        });
        return cmd;
    }

    internal static async Task<SqliteStatusListStore> OpenStoreAsync(string? path, CancellationToken ct)
    {
        try
        {
            return await SqliteStatusListStore.OpenAsync(path ?? CliConfiguration.DefaultStatusDatabasePath, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            throw new CliException($"cannot open the status store '{path ?? CliConfiguration.DefaultStatusDatabasePath}': {ex.Message}");
        }
    }

    internal static StatusListDefinition Definition(string url, string purpose, int length)
    {
        try
        {
            return new StatusListDefinition(url, purpose, length);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message);
        }
    }

    private static JsonObject ReadListCredential(string path)
    {
        var credential = CliConsole.ReadJsonObject(path, "--in", "a status list credential (a JSON object)");
        if (credential["credentialSubject"] is not JsonObject)
        {
            throw CliConsole.Refused(path, "--in", "not a status list credential (no credentialSubject object)");
        }

        return credential;
    }

    private static BitstringStatusList DecodeList(JsonObject subject)
    {
        var encoded = (subject["encodedList"] as JsonValue)?.ToString() ?? throw new CliException("the status list credential has no encodedList");
        try
        {
            return BitstringStatusList.Decode(encoded);
        }
        catch (StatusListException ex)
        {
            throw new CliException($"{ex.Code}: {ex.Message}", ExitCodes.Of(ex));
        }
    }
}
