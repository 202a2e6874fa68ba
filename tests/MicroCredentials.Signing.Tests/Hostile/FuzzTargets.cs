using System.Text.Json.Nodes;
using MicroCredentials.Signing.Json;

namespace MicroCredentials.Signing.Tests.Hostile;

/// <summary>
/// One fuzz target: consumes an input, returns normally when the library accepted it or refused it with one of its
/// documented exceptions. Anything that escapes (another exception type, a broken invariant) is a finding.
/// </summary>
/// <param name="Name">The name used on the harness command line and as the corpus folder.</param>
/// <param name="Summary">What the target exercises.</param>
/// <param name="Run">The target itself.</param>
internal sealed record FuzzTarget(string Name, string Summary, Action<byte[]> Run);

/// <summary>The library accepted an input but a property that must hold for every accepted input did not.</summary>
internal sealed class FuzzInvariantException : Exception
{
    public FuzzInvariantException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// The fuzz targets, shared by the SharpFuzz harness (tests/MicroCredentials.Signing.Fuzz links this file) and the
/// regression tests that replay the seed corpus and every past finding.
/// </summary>
internal static class FuzzTargets
{
    /// <summary>Every target, in the order build/fuzz.sh runs them.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("json", "SafeJson.Parse (default limits), TryParse agreement, parse -> serialise -> parse stability", Json),
    ];

    /// <summary>The target with this name, or null.</summary>
    public static FuzzTarget? Find(string name)
    {
        foreach (var t in All)
        {
            if (string.Equals(t.Name, name, StringComparison.Ordinal))
            {
                return t;
            }
        }

        return null;
    }

    private static void Json(byte[] input)
    {
        var attempt = SafeJson.TryParse(input);
        JsonNode? node;
        try
        {
            node = SafeJson.Parse(input);
        }
        catch (JsonInputException ex)
        {
            Check(!attempt.Success && attempt.ErrorCode == ex.Code, $"TryParse said {attempt.ErrorCode ?? "ok"}, Parse threw {ex.Code}");
            return;
        }

        Check(attempt.Success, $"Parse accepted what TryParse refused with {attempt.ErrorCode}");
        var text = node?.ToJsonString() ?? "null";
        var again = SafeJson.Parse(text);
        Check(JsonNode.DeepEquals(node, again), "parse -> serialise -> parse changed the value");
        Check(string.Equals(again?.ToJsonString() ?? "null", text, StringComparison.Ordinal), "serialisation is not stable");
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new FuzzInvariantException(message);
        }
    }
}
