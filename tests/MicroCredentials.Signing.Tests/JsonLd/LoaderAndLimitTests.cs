using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.JsonLd;
using Xunit;

namespace MicroCredentials.Signing.Tests.JsonLd;

/// <summary>Document loaders, processed-context caching, spec error codes with paths, and the resource limits.</summary>
public sealed class LoaderAndLimitTests
{
    private const string Ctx = """{"@context": {"name": "http://schema.org/name", "knows": {"@id": "http://schema.org/knows", "@type": "@id"}}}""";

    private sealed class CountingLoader(IDocumentLoader inner) : IDocumentLoader
    {
        public int Calls;

        public ValueTask<RemoteDocument> LoadDocumentAsync(string url, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return inner.LoadDocumentAsync(url, cancellationToken);
        }
    }

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        public int Calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            var response = respond(request);
            response.RequestMessage ??= request;
            return Task.FromResult(response);
        }
    }

    private static HttpResponseMessage Json(string body, string mediaType = "application/ld+json") =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    [Fact]
    public async Task Static_loader_refuses_unknown_urls_naming_them()
    {
        var ex = await Assert.ThrowsAsync<JsonLdException>(async () => await StaticDocumentLoader.Default.LoadDocumentAsync("https://example.org/ctx", CancellationToken.None));
        Assert.Equal("loading remote context failed", ex.Code);
        Assert.Contains("https://example.org/ctx", ex.Message, StringComparison.Ordinal);

        var doc = JsonNode.Parse("""{"@context": "https://example.org/ctx", "name": "x"}""");
        var ex2 = await Assert.ThrowsAsync<JsonLdException>(async () => await new JsonLdProcessor().ExpandAsync(doc));
        Assert.Equal("loading remote context failed", ex2.Code);
    }

    [Fact]
    public async Task Static_loader_With_adds_documents_and_returns_copies()
    {
        var loader = StaticDocumentLoader.Empty.With("https://example.org/ctx", Ctx);
        Assert.Empty(StaticDocumentLoader.Empty.Urls);
        var first = await loader.LoadDocumentAsync("https://example.org/ctx", CancellationToken.None);
        first.Document!["@context"]!.AsObject().Remove("name");
        var second = await loader.LoadDocumentAsync("https://example.org/ctx", CancellationToken.None);
        Assert.NotNull(second.Document!["@context"]!["name"]);

        var expanded = await new JsonLdProcessor(loader).ExpandAsync(JsonNode.Parse("""{"@context": "https://example.org/ctx", "name": "x"}"""));
        Assert.Equal("x", expanded[0]!["http://schema.org/name"]![0]!["@value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Remote_contexts_are_loaded_and_processed_once_per_processor()
    {
        var counting = new CountingLoader(StaticDocumentLoader.Empty.With("https://example.org/ctx", Ctx));
        var processor = new JsonLdProcessor(counting);
        for (var i = 0; i < 5; i++)
        {
            var doc = JsonNode.Parse($$"""{"@context": "https://example.org/ctx", "@id": "urn:x:{{i}}", "name": "n{{i}}", "knows": "urn:y"}""");
            var quads = await processor.ToRdfAsync(doc);
            Assert.Equal(2, quads.Count);
        }

        Assert.Equal(1, counting.Calls);
    }

    [Fact]
    public async Task Concurrent_expansions_share_the_cache_and_agree()
    {
        var processor = new JsonLdProcessor();
        var json = File.ReadAllText(TestPaths.ConformanceFile("openbadges-3.0", "examples", "complete-openbadgecredential.json"));
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
            (await processor.ToRdfAsync(JsonNode.Parse(json), new JsonLdOptions { SafeMode = true })).Count)));
        Assert.All(results, r => Assert.Equal(results[0], r));
        Assert.True(results[0] > 100);
    }

    [Fact]
    public async Task Spec_errors_carry_the_spec_code_and_path()
    {
        var doc = JsonNode.Parse("""{"@context": {"p": {"@id": "http://example.org/p", "@container": "@bogus"}}, "p": 1}""");
        var ex = await Assert.ThrowsAsync<JsonLdException>(async () => await new JsonLdProcessor().ExpandAsync(doc));
        Assert.Equal("invalid container mapping", ex.Code);
        Assert.Equal("$['@context'].p", ex.JsonPath);
    }

    [Fact]
    public async Task Protected_VC2_terms_cannot_be_redefined()
    {
        var doc = JsonNode.Parse("""{"@context": ["https://www.w3.org/ns/credentials/v2", {"description": "http://example.org/description"}], "description": "d"}""");
        var ex = await Assert.ThrowsAsync<JsonLdException>(async () => await new JsonLdProcessor().ExpandAsync(doc));
        Assert.Equal("protected term redefinition", ex.Code);
    }

    [Fact]
    public async Task Cyclic_remote_contexts_overflow()
    {
        var loader = StaticDocumentLoader.Empty
            .With("https://example.org/a", """{"@context": ["https://example.org/b", {"x": "http://example.org/x"}]}""")
            .With("https://example.org/b", """{"@context": "https://example.org/a"}""");
        var doc = JsonNode.Parse("""{"@context": "https://example.org/a", "x": 1}""");
        var ex = await Assert.ThrowsAsync<JsonLdException>(async () => await new JsonLdProcessor(loader).ExpandAsync(doc));
        Assert.Equal("context overflow", ex.Code);
    }

    [Fact]
    public async Task Too_many_remote_contexts_overflow()
    {
        var loader = StaticDocumentLoader.Empty;
        var contexts = new JsonArray();
        for (var i = 0; i < 5; i++)
        {
            loader = loader.With($"https://example.org/c{i}", "{\"@context\": {\"t" + i + "\": \"http://example.org/t" + i + "\"}}");
            contexts.Add($"https://example.org/c{i}");
        }

        var doc = new JsonObject { ["@context"] = contexts, ["t0"] = 1 };
        var options = new JsonLdOptions { Limits = new JsonLdLimits(MaxRemoteContexts: 3) };
        var ex = await Assert.ThrowsAsync<JsonLdException>(async () => await new JsonLdProcessor(loader).ExpandAsync(doc, options));
        Assert.Equal("context overflow", ex.Code);
        Assert.Single(await new JsonLdProcessor(loader).ExpandAsync(doc));
    }

    [Fact]
    public async Task Remote_context_limit_counts_distinct_urls_not_embedded_repeats()
    {
        // The complete OB 3.0 example embeds five endorsement credentials, each repeating the same contexts: three distinct URLs.
        var doc = JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile("openbadges-3.0", "examples", "complete-openbadgecredential.json")));
        var tight = new JsonLdOptions { SafeMode = true, Limits = new JsonLdLimits(MaxRemoteContexts: 3) };
        Assert.Single(await new JsonLdProcessor().ExpandAsync(doc, tight));
        var tooTight = tight with { Limits = new JsonLdLimits(MaxRemoteContexts: 2) };
        var ex = await Assert.ThrowsAsync<JsonLdException>(async () => await new JsonLdProcessor().ExpandAsync(doc, tooTight));
        Assert.Equal("context overflow", ex.Code);
    }

    [Fact]
    public async Task Limits_below_one_are_misuse()
    {
        var options = new JsonLdOptions { Limits = new JsonLdLimits(MaxExpansionDepth: 0) };
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await new JsonLdProcessor().ExpandAsync(new JsonObject(), options));
    }

    [Fact]
    public async Task Deep_nesting_hits_the_expansion_depth_limit()
    {
        var json = new StringBuilder("""{"@id": "urn:x", "http://example.org/p": """);
        for (var i = 0; i < 100; i++)
        {
            json.Append("""{"http://example.org/p": """);
        }

        json.Append('1').Append('}', 101);
        var ex = await Assert.ThrowsAsync<JsonLdException>(async () =>
            await new JsonLdProcessor().ExpandAsync(JsonNode.Parse(json.ToString(), documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 512 })));
        Assert.Equal(JsonLdErrorCodes.LimitExpansionDepth, ex.Code);
    }

    [Fact]
    public async Task Http_loader_fetches_allow_listed_origins_once_and_caches()
    {
        var handler = new StubHandler(_ => Json(Ctx));
        using var client = new HttpClient(handler);
        var loader = new HttpDocumentLoader(client, new HttpDocumentLoaderOptions { AllowedOrigins = ["https://contexts.example"] });
        var processor = new JsonLdProcessor(loader);
        var doc = JsonNode.Parse("""{"@context": "https://contexts.example/v1", "name": "x"}""");
        Assert.Single(await processor.ExpandAsync(doc));
        Assert.Single(await new JsonLdProcessor(loader).ExpandAsync(doc));
        Assert.Equal(1, handler.Calls);
    }

    [Theory]
    [InlineData("https://evil.example/ctx")]
    [InlineData("http://contexts.example/ctx")]
    [InlineData("file:///etc/passwd")]
    public async Task Http_loader_refuses_origins_not_allow_listed_without_a_request(string url)
    {
        var handler = new StubHandler(_ => Json(Ctx));
        using var client = new HttpClient(handler);
        var loader = new HttpDocumentLoader(client, new HttpDocumentLoaderOptions { AllowedOrigins = ["https://contexts.example"] });
        var ex = await Assert.ThrowsAsync<JsonLdException>(async () => await loader.LoadDocumentAsync(url, CancellationToken.None));
        Assert.Equal("loading remote context failed", ex.Code);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task Http_loader_enforces_the_size_cap_even_without_content_length()
    {
        var big = "{\"@context\": {\"a\": \"" + new string('x', 5000) + "\"}}";
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)))
            {
                Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") },
            },
        });
        using var client = new HttpClient(handler);
        var loader = new HttpDocumentLoader(client, new HttpDocumentLoaderOptions { AllowedOrigins = ["https://contexts.example"], MaxResponseBytes = 1000 });
        var ex = await Assert.ThrowsAsync<JsonLdException>(async () => await loader.LoadDocumentAsync("https://contexts.example/big", CancellationToken.None));
        Assert.Contains("exceeds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_loader_refuses_redirects_by_default_and_follows_allowed_ones_when_enabled()
    {
        var handler = new StubHandler(r => r.RequestUri!.AbsolutePath == "/old"
            ? new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = new Uri("https://contexts.example/new") } }
            : Json(Ctx));
        using var client = new HttpClient(handler);
        var strict = new HttpDocumentLoader(client, new HttpDocumentLoaderOptions { AllowedOrigins = ["https://contexts.example"] });
        var ex = await Assert.ThrowsAsync<JsonLdException>(async () => await strict.LoadDocumentAsync("https://contexts.example/old", CancellationToken.None));
        Assert.Contains("redirect", ex.Message, StringComparison.Ordinal);

        var lenient = new HttpDocumentLoader(client, new HttpDocumentLoaderOptions { AllowedOrigins = ["https://contexts.example"], FollowRedirects = true });
        var doc = await lenient.LoadDocumentAsync("https://contexts.example/old", CancellationToken.None);
        Assert.Equal("https://contexts.example/new", doc.DocumentUrl);
    }

    [Fact]
    public async Task Http_loader_times_out()
    {
        var handler = new BlockingHandler();
        using var client = new HttpClient(handler);
        var loader = new HttpDocumentLoader(client, new HttpDocumentLoaderOptions { AllowedOrigins = ["https://contexts.example"], Timeout = TimeSpan.FromMilliseconds(50) });
        var ex = await Assert.ThrowsAsync<JsonLdException>(async () => await loader.LoadDocumentAsync("https://contexts.example/slow", CancellationToken.None));
        Assert.Contains("timed out", ex.Message, StringComparison.Ordinal);
    }

    private sealed class BlockingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    [Theory]
    [InlineData(1.1, "1.1E0")]
    [InlineData(0.5, "5.0E-1")]
    [InlineData(1e21, "1.0E21")]
    [InlineData(-123.456, "-1.23456E2")]
    [InlineData(1.0 / 3, "3.333333333333333E-1")]
    public void Doubles_use_the_JSON_LD_canonical_form(double value, string expected) =>
        Assert.Equal(expected, ToRdfConverter.CanonicalDouble(value));
}
