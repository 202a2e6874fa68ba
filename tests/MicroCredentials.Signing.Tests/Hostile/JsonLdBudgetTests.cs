using System.Text.Json.Nodes;
using MicroCredentials.Signing.Json;
using MicroCredentials.Signing.JsonLd;
using MicroCredentials.Signing.Tests.Support;
using MicroCredentials.Signing.Verification;
using Xunit;
using static MicroCredentials.Signing.Tests.Hostile.HostileFixture;

namespace MicroCredentials.Signing.Tests.Hostile;

/// <summary>
/// Issue 11 §4: JSON-LD processing has a work budget. Documents built to multiply context-processing work (scoped
/// contexts of many imports applied to many nodes, many scoped terms, type scopes, top-level imports, alternating
/// scopes) are refused with a specific code before any proof is looked at; genuine credentials stay far below it;
/// the caller's cancellation is observed inside the synchronous algorithms. The CPU each case costs is measured by
/// <c>JsonLdBudgetBenchmarks</c>, not here.
/// </summary>
public sealed class JsonLdBudgetTests
{
    public static TheoryData<string> WorstCases => new(HostileContexts.WorstCases.Select(c => c.Name));

    private static JsonObject Build(string name) => HostileContexts.WorstCases.Single(c => c.Name == name).Build();

    [Theory]
    [MemberData(nameof(WorstCases))]
    public async Task The_processor_refuses_each_worst_case_with_the_work_code(string name)
    {
        var processor = new JsonLdProcessor(StaticDocumentLoader.Default);
        var ex = await Assert.ThrowsAsync<JsonLdException>(async () => await processor.ExpandAsync(Build(name), new JsonLdOptions { SafeMode = true }));
        Assert.Equal(JsonLdErrorCodes.LimitWork, ex.Code);
    }

    [Theory]
    [MemberData(nameof(WorstCases))]
    public async Task The_verifier_reports_each_worst_case_as_a_context_limit(string name)
    {
        var credential = Build(name);
        credential["proof"] = new JsonObject { ["type"] = "DataIntegrityProof", ["cryptosuite"] = "eddsa-rdfc-2022", ["verificationMethod"] = "did:example:issuer#key", ["proofPurpose"] = "assertionMethod", ["proofValue"] = "z111" };
        var report = await VerifyAsync(credential);
        AssertFails(report, VerificationSteps.Context, VerificationCodes.ContextLimitExceeded);

        // Refused for its cost once: the proof check does not expand the same document again.
        var proof = Assert.Single(report.Checks, c => c.Check == VerificationSteps.Proof);
        Assert.Equal((CheckStatus.Skipped, VerificationCodes.ContextLimitExceeded), (proof.Status, proof.Code));
    }

    [Fact]
    public async Task Without_the_budget_the_worst_case_is_accepted_so_the_budget_is_what_refuses_it()
    {
        // The control: the documents are valid JSON-LD; only the work they cost is refused.
        var processor = new JsonLdProcessor(StaticDocumentLoader.Default);
        var options = new JsonLdOptions { SafeMode = true, Limits = JsonLdLimits.Default with { MaxWork = int.MaxValue } };
        var expanded = await processor.ExpandAsync(HostileContexts.ScopedImports(400, 2_000), options);
        Assert.Single(expanded);
    }

    [Fact]
    public async Task A_scoped_context_used_by_many_nodes_is_processed_once_per_active_context()
    {
        // One processing of a scoped context of 10 imports of the VC 2.0 context costs about 12,000 units. Before the
        // per-run memo, 200 nodes under it processed it 200 times; with it, once per distinct active context (here
        // two: the property nests once) plus a few units per node, well inside 60,000.
        var processor = new JsonLdProcessor(StaticDocumentLoader.Default);
        var options = new JsonLdOptions { SafeMode = true, Limits = JsonLdLimits.Default with { MaxWork = 60_000 } };
        var few = await processor.ExpandAsync(HostileContexts.ScopedImports(10, 2), options);
        var many = await processor.ExpandAsync(HostileContexts.ScopedImports(10, 200), options);
        Assert.Single(few);
        Assert.Single(many);
    }

    [Fact]
    public async Task Every_real_world_and_conformance_credential_needs_under_a_quarter_of_the_default_budget_on_a_cold_processor()
    {
        var options = new JsonLdOptions { SafeMode = true, Limits = JsonLdLimits.Default with { MaxWork = JsonLdLimits.Default.MaxWork / 4 } };
        var checkedFiles = 0;
        var roots = new[] { TestPaths.ConformanceFile("in-the-wild"), TestPaths.ConformanceFile("openbadges-3.0"), TestPaths.RepoFile("samples") };
        foreach (var file in roots.SelectMany(r => Directory.EnumerateFiles(r, "*.json*", SearchOption.AllDirectories)))
        {
            var parsed = SafeJson.TryParse(File.ReadAllBytes(file));
            if (!parsed.Success || parsed.Value is not JsonObject document || !document.ContainsKey("@context"))
            {
                continue;
            }

            // A fresh processor: nothing processed by an earlier document is reused, so this is the most it can cost.
            var processor = new JsonLdProcessor(StaticDocumentLoader.Default);
            try
            {
                await processor.ExpandAsync(document, options);
            }
            catch (JsonLdException ex) when (ex.Code != JsonLdErrorCodes.LimitWork)
            {
                // Broken or unknown contexts are other tests' business; only the budget is judged here.
            }
            catch (JsonLdException ex)
            {
                Assert.Fail($"{file} needs more than a quarter of the default work budget: {ex.Message}");
            }

            checkedFiles++;
        }

        Assert.True(checkedFiles >= 100, $"only {checkedFiles} documents were found");
    }

    [Fact]
    public async Task Work_done_before_a_remote_load_restart_is_charged()
    {
        // 20 remote contexts, each needed only after 1,000 values: every load restarts expansion, so the abandoned
        // attempts cost about 20 x 1,000 units although the final attempt costs about 1,000.
        var loader = new CountingLoader();
        var processor = new JsonLdProcessor(loader);
        var body = new JsonArray();
        for (var i = 0; i < 1_000; i++)
        {
            body.Add("v" + i);
        }

        var document = new JsonObject { ["@context"] = new JsonObject { ["@vocab"] = "https://example.org/" }, ["values"] = body };
        for (var i = 0; i < 20; i++)
        {
            document["n" + i] = new JsonObject { ["@context"] = "https://contexts.example/" + i, ["name"] = "x" };
        }

        var options = new JsonLdOptions { SafeMode = true, Limits = JsonLdLimits.Default with { MaxWork = 8_000 } };
        var ex = await Assert.ThrowsAsync<JsonLdException>(async () => await processor.ExpandAsync(document, options));
        Assert.Equal(JsonLdErrorCodes.LimitWork, ex.Code);

        // Control: once the contexts are cached there is no restart, and the same budget suffices.
        for (var i = 0; i < 20; i++)
        {
            await processor.ExpandAsync(new JsonObject { ["@context"] = "https://contexts.example/" + i, ["name"] = "x" }, options);
        }

        Assert.Single(await processor.ExpandAsync(document, options));
    }

    [Fact]
    public async Task Cancellation_stops_expansion_inside_the_synchronous_algorithms()
    {
        // Without a budget this document takes far longer than the cancellation delay; the token must be observed
        // while contexts are being processed, not only between remote loads.
        var processor = new JsonLdProcessor(StaticDocumentLoader.Default);
        var options = new JsonLdOptions { SafeMode = true, Limits = JsonLdLimits.Default with { MaxWork = int.MaxValue } };
        var document = HostileContexts.TopLevelImports(20_000);
        using var cts = new CancellationTokenSource();

        // Expansion runs synchronously until its first remote load: start it on another thread to cancel it midway.
        var started = Task.Run(() => processor.ExpandAsync(document, options, cts.Token).AsTask());
        cts.CancelAfter(TimeSpan.FromMilliseconds(20));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => started);
    }

    [Fact]
    public void A_budget_polls_its_token()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var budget = new WorkBudget(int.MaxValue, cts.Token);
        Assert.Throws<OperationCanceledException>(() =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                budget.Charge(1, (code, message) => new JsonLdException(code, message));
            }
        });
    }

    [Fact]
    public async Task Limits_below_one_unit_of_work_are_refused()
    {
        var processor = new JsonLdProcessor(StaticDocumentLoader.Default);
        var options = new JsonLdOptions { Limits = JsonLdLimits.Default with { MaxWork = 0 } };
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await processor.ExpandAsync(new JsonObject(), options));
    }

    private sealed class CountingLoader : IDocumentLoader
    {
        public ValueTask<RemoteDocument> LoadDocumentAsync(string url, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new RemoteDocument(url, new JsonObject { ["@context"] = new JsonObject { ["name"] = url + "#name" } }));
    }
}
