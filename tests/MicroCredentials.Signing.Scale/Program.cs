using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.DataIntegrity;
using MicroCredentials.Signing.Extensions;
using MicroCredentials.Signing.Issuance;
using MicroCredentials.Signing.Keys;
using MicroCredentials.Signing.Model;
using MicroCredentials.Signing.PostgreSql;
using MicroCredentials.Signing.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MicroCredentials.Signing.Dids;

namespace MicroCredentials.Signing.Scale;

/// <summary>
/// The scale run of docs/scale.md (a benchmark, not a test):
/// <c>dotnet run -c Release --project tests/MicroCredentials.Signing.Scale -- scale [--credentials 1000000] [--lists 8]
/// [--revocations 10000] [--sample 2000] [--allocators 8] [--verify-seconds 20]</c>. It starts its own PostgreSQL and
/// Redis on loopback, allocates the status indices of N credentials across the lists with concurrent allocators,
/// revokes R of them, re-signs and publishes the changed lists to a folder, issues and signs a sample of real
/// credentials, and measures verification throughput in 2 processes sharing the Redis status-list cache.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "verify-worker")
        {
            return await VerifyWorker.RunAsync(Options.Parse(args[1..]));
        }

        if (args.Length == 0 || args[0] != "scale")
        {
            Console.Error.WriteLine("usage: mcred-scale scale [--credentials N] [--lists L] [--revocations R] [--sample S] [--allocators A] [--verify-seconds T]");
            return 2;
        }

        return await ScaleRun.RunAsync(Options.Parse(args[1..]));
    }
}

internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(string[] args)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            d[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Options(d);
    }

    public int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string Str(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException("--" + name + " is required");
}

internal static class ScaleRun
{
    public static async Task<int> RunAsync(Options o)
    {
        var credentials = o.Int("credentials", 1_000_000);
        var listCount = o.Int("lists", 8);
        var revocations = o.Int("revocations", 10_000);
        var sample = o.Int("sample", 2_000);
        var allocators = o.Int("allocators", 8);
        var verifySeconds = o.Int("verify-seconds", 20);
        const int ListLength = 131_072;
        if (credentials + sample > (long)listCount * ListLength)
        {
            Console.Error.WriteLine($"{credentials} + {sample} credentials do not fit in {listCount} lists of {ListLength}");
            return 2;
        }

        var report = new JsonObject
        {
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}",
            ["credentials"] = credentials,
            ["lists"] = listCount,
            ["listLength"] = ListLength,
            ["revocations"] = revocations,
            ["sample"] = sample,
            ["allocators"] = allocators,
        };
        await using var servers = await Servers.StartAsync();
        Console.Error.WriteLine($"scale: PostgreSQL and Redis started under {servers.Root}");
        var stores = new PostgreSqlStatusListStore[allocators];
        for (var i = 0; i < allocators; i++)
        {
            stores[i] = await PostgreSqlStatusListStore.OpenAsync(servers.PostgreSql + $";Application Name=issuer-{i}");
        }

        try
        {
            using var key = KeyFile.Generate(KeyAlgorithm.Ed25519);
            var lists = Enumerable.Range(0, listCount).Select(i => $"https://issuer.example/status/{i}").ToArray();
            foreach (var url in lists)
            {
                await stores[0].CreateListAsync(new StatusListDefinition(url, StatusPurposes.Revocation, ListLength));
            }

            // 1. Allocation: N indices across the lists, A concurrent allocators (separate pools, as separate issuer processes).
            const int Batch = 5_000;
            var allocated = new ConcurrentBag<(int List, int Index)>();
            var batches = new ConcurrentQueue<(int List, int Count)>();
            var perList = credentials / listCount;
            for (var l = 0; l < listCount; l++)
            {
                var want = perList + (l < credentials % listCount ? 1 : 0);
                for (var done = 0; done < want; done += Batch)
                {
                    batches.Enqueue((l, Math.Min(Batch, want - done)));
                }
            }

            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, allocators).Select(a => Task.Run(async () =>
            {
                while (batches.TryDequeue(out var b))
                {
                    foreach (var index in await stores[a].AllocateIndicesAsync(lists[b.List], b.Count))
                    {
                        allocated.Add((b.List, index));
                    }
                }
            })));
            var allocSeconds = clock.Elapsed.TotalSeconds;
            report["allocateSeconds"] = Math.Round(allocSeconds, 2);
            report["allocationsPerSecond"] = Math.Round(credentials / allocSeconds);
            Console.Error.WriteLine($"scale: allocated {allocated.Count} indices in {allocSeconds:0.0} s");
            if (allocated.Count != credentials || allocated.Distinct().Count() != credentials)
            {
                throw new InvalidOperationException("allocation lost or duplicated an index");
            }

            // 2. A sample of real, signed credentials (each allocates its own index through the issuer).
            var statusIssuer = new StatusListIssuer(stores[0]);
            var issuer = new CredentialIssuer(new CredentialIssuerOptions { StatusLists = statusIssuer });
            var elements = MicroCredentialJson.Parse(File.ReadAllText(RepoFile("samples", "elements", "rich-valid.json")));
            elements = elements with { AwardingBodies = [elements.AwardingBodies[0] with { Id = key.Controller }] };
            var signer = key.CreateSigner();
            var issued = new JsonObject[sample];
            clock.Restart();
            await Parallel.ForAsync(0, sample, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (i, ct) =>
                issued[i] = await issuer.IssueAsync(elements, signer, new IssueOptions { StatusListUrl = lists[i % listCount] }, ct));
            report["issueSampleSeconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2);
            report["issuedPerSecond"] = Math.Round(sample / clock.Elapsed.TotalSeconds, 1);
            Console.Error.WriteLine($"scale: issued and signed {sample} credentials in {clock.Elapsed.TotalSeconds:0.0} s");

            // 3. Revocations: R indices, every tenth of the sample among them, through the republisher; then publication.
            var site = Path.Combine(servers.Root, "site");
            var republisher = new StatusListRepublisher(statusIssuer, new FolderStatusListPublisher(site));
            var revokedSample = Enumerable.Range(0, sample).Where(i => i % 10 == 0).ToHashSet();
            var targets = new List<(string Url, int Index)>();
            foreach (var i in revokedSample)
            {
                var entry = issued[i]["credentialStatus"]!;
                targets.Add(((string)entry["statusListCredential"]!, int.Parse((string)entry["statusListIndex"]!, CultureInfo.InvariantCulture)));
            }

            // The rest spread at random over every list (a fixed seed, so runs are comparable).
            var rng = new Random(42);
            foreach (var (l, index) in allocated.OrderBy(a => a.List).ThenBy(a => a.Index).OrderBy(_ => rng.Next()).Take(Math.Max(0, revocations - targets.Count)))
            {
                targets.Add((lists[l], index));
            }

            var queue = new ConcurrentQueue<(string Url, int Index)>(targets);
            clock.Restart();
            await Task.WhenAll(Enumerable.Range(0, allocators).Select(a => Task.Run(async () =>
            {
                while (queue.TryDequeue(out var t))
                {
                    await stores[a].SetStatusAsync(t.Url, t.Index, 1);
                    republisher.MarkChanged(t.Url);
                }
            })));
            report["revokeSeconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2);
            Console.Error.WriteLine($"scale: {targets.Count} revocations in {clock.Elapsed.TotalSeconds:0.0} s");

            report["listsAffectedByRevocations"] = targets.Select(t => t.Url).Distinct().Count();

            // Every list is published (an issuer publishes each list once when it starts using it; here all are affected).
            foreach (var url in lists)
            {
                republisher.MarkChanged(url);
            }

            clock.Restart();
            var published = await republisher.PublishChangedAsync(
                _ => new StatusListCredentialOptions { Issuer = key.Controller, TimeToLive = TimeSpan.FromMinutes(5) },
                (unsigned, ct) => issuer.SignAsync(unsigned, signer, Cryptosuite.EddsaRdfc2022, null, ct));
            report["publishSeconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2);
            report["publishedLists"] = published.Count;
            report["publishedBytesPerList"] = published.Count == 0 ? 0 : published.Max(p => p.Content.Length);
            Console.Error.WriteLine($"scale: re-encoded, re-signed and published {published.Count} lists in {clock.Elapsed.TotalSeconds:0.00} s");

            // 4. Verification throughput: 2 processes, one shared Redis level, lists read from the published folder.
            var credsFile = Path.Combine(servers.Root, "credentials.ndjson");
            await File.WriteAllLinesAsync(credsFile, issued.Select(c => c.ToJsonString()));
            var map = Path.Combine(servers.Root, "lists.json");
            var mapJson = new JsonObject();
            foreach (var p in published)
            {
                mapJson[p.ListUrl] = new FolderStatusListPublisher(site).PathOf(p.ListUrl);
            }

            await File.WriteAllTextAsync(map, mapJson.ToJsonString());
            var self = Environment.ProcessPath!;
            var workers = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
            {
                var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
                var dll = typeof(Program).Assembly.Location;
                if (Path.GetFileNameWithoutExtension(self) == "dotnet")
                {
                    psi.ArgumentList.Add(dll);
                }

                foreach (var a in new[] { "verify-worker", "--redis", servers.Redis, "--credentials", credsFile, "--map", map, "--seconds", verifySeconds.ToString(CultureInfo.InvariantCulture), "--worker", w.ToString(CultureInfo.InvariantCulture), "--expect-revoked-every", "10" })
                {
                    psi.ArgumentList.Add(a);
                }

                using var p = Process.Start(psi)!;
                var output = await p.StandardOutput.ReadToEndAsync();
                await p.WaitForExitAsync();
                if (p.ExitCode != 0)
                {
                    throw new InvalidOperationException($"verify-worker {w} failed ({p.ExitCode}): {output}");
                }

                return JsonNode.Parse(output.Trim().Split('\n')[^1])!.AsObject();
            })).ToArray();
            var results = await Task.WhenAll(workers);
            report["verifyWorkers"] = new JsonArray(results.Select(r => (JsonNode)r).ToArray());
            report["verificationsPerSecondTotal"] = Math.Round(results.Sum(r => (double)r["verificationsPerSecond"]!), 1);
            report["listFetchesTotal"] = results.Sum(r => (int)r["listFetches"]!);
            Console.WriteLine(report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        finally
        {
            foreach (var s in stores)
            {
                await s.DisposeAsync();
            }
        }
    }

    internal static string RepoFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MicroCredentials.Signing.sln")))
            {
                return Path.Combine([dir.FullName, .. parts]);
            }
        }

        throw new DirectoryNotFoundException("run from inside the repository");
    }
}

/// <summary>One verifier process: a host with AddMicroCredentials, the shared Redis level, lists from files (counted).</summary>
internal static class VerifyWorker
{
    public static async Task<int> RunAsync(Options o)
    {
        var credentials = (await File.ReadAllLinesAsync(o.Str("credentials"))).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        var seconds = o.Int("seconds", 20);
        var revokedEvery = o.Int("expect-revoked-every", 10);
        var counting = new CountingResolver(StaticStatusListResolver.FromMapFile(o.Str("map")));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["MicroCredentials:StatusListCache:Redis"] = o.Str("redis") });
        builder.Logging.AddFilter(_ => false);
        builder.Services.AddMicroCredentials(builder.Configuration).UseStatusListResolver(_ => counting);
        using var host = builder.Build();
        await host.StartAsync();
        var verifier = host.Services.GetRequiredService<MicroCredentialsVerifier>();

        // Warm-up pass over a few credentials (each list touched once), then a timed run on every core.
        for (var i = 0; i < Math.Min(credentials.Length, 64); i++)
        {
            await verifier.VerifyAsync(credentials[i]);
        }

        var warmFetches = counting.Count;
        long done = 0;
        long wrong = 0;
        var stop = Stopwatch.StartNew();
        await Parallel.ForAsync(0, Environment.ProcessorCount, async (t, ct) =>
        {
            var rng = new Random(t * 7919 + o.Int("worker", 0));
            while (stop.Elapsed.TotalSeconds < seconds)
            {
                var i = rng.Next(credentials.Length);
                var report = await verifier.VerifyAsync(credentials[i], cancellationToken: ct);
                if (report.Verified == (i % revokedEvery == 0))
                {
                    Interlocked.Increment(ref wrong);
                }

                Interlocked.Increment(ref done);
            }
        });
        var elapsed = stop.Elapsed.TotalSeconds;
        Console.WriteLine(new JsonObject
        {
            ["worker"] = o.Int("worker", 0),
            ["verifications"] = done,
            ["seconds"] = Math.Round(elapsed, 2),
            ["verificationsPerSecond"] = Math.Round(done / elapsed, 1),
            ["wrongVerdicts"] = wrong,
            ["listFetches"] = counting.Count,
            ["listFetchesDuringWarmUp"] = warmFetches,
        }.ToJsonString());
        await host.StopAsync();
        return wrong == 0 ? 0 : 1;
    }

    private sealed class CountingResolver(IStatusListResolver inner) : IStatusListResolver
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Task<StatusListDocument> ResolveAsync(string url, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return inner.ResolveAsync(url, cancellationToken);
        }
    }
}
