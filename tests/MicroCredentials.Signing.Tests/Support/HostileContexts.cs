using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.Tests.Support;

/// <summary>
/// Unsigned documents built to make JSON-LD context processing and expansion expensive, each within the default input
/// limits (4 MiB, 1,000 members per object, 10,000 array items, depth 64). Shared by the tests (which assert the verdict
/// and its code) and the benchmarks (which measure the CPU each costs).
/// </summary>
public static class HostileContexts
{
    private const string V2 = "https://www.w3.org/ns/credentials/v2";

    /// <summary>The attack families, each with the sizes that make it as expensive as the input limits allow.</summary>
    public static IReadOnlyList<(string Name, Func<JsonObject> Build)> WorstCases { get; } =
    [
        ("scoped-imports (property-scoped context of 400 imports on 2,000 nodes)", () => ScopedImports(400, 2_000)),
        ("scoped-imports-nested (40 imports, nodes nested 60 deep, 150 chains)", () => NestedScopedImports(40, 60, 150)),
        ("scoped-terms (900 terms, each scoped with 20 imports)", () => ScopedTerms(20, 900)),
        ("type-scoped (900 types, each scoped with 20 imports, 900 typed nodes)", () => TypeScoped(20, 900)),
        ("top-level-imports (9,000 imports of the VC 2.0 context)", () => TopLevelImports(9_000)),
        ("alternating-scopes (two scoped terms redefining each other, 60 deep, 2,000 chains)", () => AlternatingScopes(20, 30, 2_000)),
    ];

    /// <summary>A property-scoped context made of <paramref name="imports"/> imports of the VC 2.0 context, used by <paramref name="nodes"/> nodes.</summary>
    public static JsonObject ScopedImports(int imports, int nodes)
    {
        var subject = new JsonObject { ["p"] = Repeat(nodes, () => new JsonObject { ["p"] = new JsonObject { ["name"] = "x" } }) };
        return Credential(new JsonObject { ["p"] = Scoped("https://example.org/p", imports) }, subject);
    }

    /// <summary>As <see cref="ScopedImports"/>, with each use nested <paramref name="depth"/> levels (each level a new active context).</summary>
    public static JsonObject NestedScopedImports(int imports, int depth, int chains)
    {
        var subject = new JsonObject { ["p"] = Repeat(chains, () => Chain(depth, "p")) };
        return Credential(new JsonObject { ["p"] = Scoped("https://example.org/p", imports) }, subject);
    }

    /// <summary><paramref name="terms"/> terms, each with its own scoped context of <paramref name="imports"/> imports (validated when defined).</summary>
    public static JsonObject ScopedTerms(int imports, int terms)
    {
        var context = new JsonObject();
        var subject = new JsonObject();
        for (var i = 0; i < terms; i++)
        {
            context["t" + i] = Scoped("https://example.org/t" + i, imports);
            subject["t" + i] = new JsonObject { ["name"] = "x" };
        }

        return Credential(context, subject);
    }

    /// <summary><paramref name="types"/> type-scoped contexts of <paramref name="imports"/> imports each, one typed node per type.</summary>
    public static JsonObject TypeScoped(int imports, int types)
    {
        var context = new JsonObject();
        var nodes = new JsonArray();
        for (var i = 0; i < types; i++)
        {
            context["T" + i] = Scoped("https://example.org/T" + i, imports);
            nodes.Add(new JsonObject { ["type"] = "T" + i, ["name"] = "x" });
        }

        return Credential(context, new JsonObject { ["https://example.org/q"] = nodes });
    }

    /// <summary>A top-level context array of <paramref name="imports"/> objects that each import the VC 2.0 context.</summary>
    public static JsonObject TopLevelImports(int imports)
    {
        var contexts = new JsonArray { V2 };
        for (var i = 0; i < imports; i++)
        {
            contexts.Add(new JsonObject { ["@import"] = V2 });
        }

        var credential = Credential(new JsonObject(), new JsonObject { ["name"] = "x" });
        credential["@context"] = contexts;
        return credential;
    }

    /// <summary>Two scoped terms, each redefining the other, alternated <paramref name="depth"/> times in <paramref name="chains"/> chains.</summary>
    public static JsonObject AlternatingScopes(int imports, int depth, int chains)
    {
        JsonObject Inner(string other) => new()
        {
            ["@id"] = "https://example.org/" + other,
            ["@context"] = Imports(imports),
        };

        var a = Scoped("https://example.org/a", imports);
        ((JsonArray)a["@context"]!).Add(new JsonObject { ["b"] = new JsonObject { ["@id"] = "https://example.org/b", ["@context"] = new JsonObject { ["a"] = Inner("a") } } });
        var subject = new JsonObject { ["a"] = Repeat(chains, () => Chain(depth, "a", "b")) };
        return Credential(new JsonObject { ["a"] = a }, subject);
    }

    private static JsonObject Credential(JsonObject context, JsonObject subject) => new()
    {
        ["@context"] = new JsonArray { V2, context },
        ["type"] = new JsonArray { "VerifiableCredential" },
        ["issuer"] = "did:example:issuer",
        ["validFrom"] = "2026-01-01T00:00:00Z",
        ["credentialSubject"] = subject,
    };

    private static JsonObject Scoped(string id, int imports) => new() { ["@id"] = id, ["@context"] = Imports(imports) };

    private static JsonArray Imports(int imports)
    {
        var array = new JsonArray();
        for (var i = 0; i < imports; i++)
        {
            array.Add(new JsonObject { ["@import"] = V2 });
        }

        return array;
    }

    private static JsonObject Chain(int depth, params string[] properties)
    {
        JsonNode node = new JsonObject { ["name"] = "x" };
        for (var i = depth - 1; i >= 0; i--)
        {
            node = new JsonObject { [properties[i % properties.Length]] = node };
        }

        return (JsonObject)node;
    }

    private static JsonArray Repeat(int count, Func<JsonNode> make)
    {
        var array = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            array.Add(make());
        }

        return array;
    }
}
