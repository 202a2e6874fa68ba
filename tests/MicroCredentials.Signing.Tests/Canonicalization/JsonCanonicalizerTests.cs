using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Canonicalization;
using MicroCredentials.Signing.Json;
using Xunit;

namespace MicroCredentials.Signing.Tests.Canonicalization;

public sealed class JsonCanonicalizerTests
{
    /// <summary>RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text.</summary>
    [Theory]
    [InlineData("0000000000000000", "0")]
    [InlineData("8000000000000000", "0")]
    [InlineData("0000000000000001", "5e-324")]
    [InlineData("8000000000000001", "-5e-324")]
    [InlineData("7fefffffffffffff", "1.7976931348623157e+308")]
    [InlineData("ffefffffffffffff", "-1.7976931348623157e+308")]
    [InlineData("4340000000000000", "9007199254740992")]
    [InlineData("c340000000000000", "-9007199254740992")]
    [InlineData("4430000000000000", "295147905179352830000")]
    [InlineData("44b52d02c7e14af5", "9.999999999999997e+22")]
    [InlineData("44b52d02c7e14af6", "1e+23")]
    [InlineData("44b52d02c7e14af7", "1.0000000000000001e+23")]
    [InlineData("444b1ae4d6e2ef4e", "999999999999999700000")]
    [InlineData("444b1ae4d6e2ef4f", "999999999999999900000")]
    [InlineData("444b1ae4d6e2ef50", "1e+21")]
    [InlineData("3eb0c6f7a0b5ed8c", "9.999999999999997e-7")]
    [InlineData("3eb0c6f7a0b5ed8d", "0.000001")]
    [InlineData("41b3de4355555553", "333333333.3333332")]
    [InlineData("41b3de4355555554", "333333333.33333325")]
    [InlineData("41b3de4355555555", "333333333.3333333")]
    [InlineData("41b3de4355555556", "333333333.3333334")]
    [InlineData("41b3de4355555557", "333333333.33333343")]
    [InlineData("becbf647612f3696", "-0.0000033333333333333333")]
    [InlineData("43143ff3c1cb0959", "1424953923781206.2")]
    public void Rfc8785_number_vectors(string bits, string expected)
    {
        var value = BitConverter.Int64BitsToDouble(long.Parse(bits, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        Assert.Equal(expected, JsonCanonicalizer.FormatNumber(value));
        Assert.Equal(expected, JsonCanonicalizer.Canonicalize(JsonValue.Create(value)));
    }

    [Theory]
    [InlineData("7fffffffffffffff")]
    [InlineData("7ff0000000000000")]
    [InlineData("fff0000000000000")]
    public void Rfc8785_non_finite_numbers_are_refused(string bits)
    {
        var value = BitConverter.Int64BitsToDouble(long.Parse(bits, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        var ex = Assert.Throws<CanonicalizationException>(() => JsonCanonicalizer.Canonicalize(new JsonArray(JsonValue.Create(value))));
        Assert.Equal(CanonicalizationException.JcsInvalidNumber, ex.Code);
        Assert.Equal("$[0]", ex.Path);
    }

    [Fact]
    public void Rfc8785_section_3_2_4_example()
    {
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        const string expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";

        Assert.Equal(expected, JsonCanonicalizer.Canonicalize(JsonNode.Parse(input)));
        using var doc = JsonDocument.Parse(input);
        Assert.Equal(expected, JsonCanonicalizer.Canonicalize(doc.RootElement));
        Assert.Equal(Encoding.UTF8.GetBytes(expected), JsonCanonicalizer.CanonicalizeToUtf8(doc.RootElement));
        Assert.Equal(Encoding.UTF8.GetBytes(expected), JsonCanonicalizer.CanonicalizeToUtf8(JsonNode.Parse(input)));
    }

    [Fact]
    public void Rfc8785_section_3_2_3_sorts_members_by_utf16_code_units()
    {
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;
        var canonical = JsonCanonicalizer.Canonicalize(JsonNode.Parse(input));
        var values = JsonNode.Parse(canonical)!.AsObject().Select(p => (string)p.Value!).ToArray();
        Assert.Equal(
            ["Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"],
            values);
    }

    [Fact]
    public void Clr_values_of_any_numeric_type_canonicalize_as_doubles()
    {
        var node = new JsonObject
        {
            ["i"] = 42,
            ["l"] = 9007199254740993L,
            ["m"] = 4.50m,
            ["f"] = 0.5f,
            ["b"] = true,
            ["s"] = "x",
            ["n"] = null,
        };
        Assert.Equal("{\"b\":true,\"f\":0.5,\"i\":42,\"l\":9007199254740992,\"m\":4.5,\"n\":null,\"s\":\"x\"}", JsonCanonicalizer.Canonicalize(node));
    }

    [Fact]
    public void Lone_surrogates_are_refused_with_the_path()
    {
        var node = new JsonObject { ["a"] = new JsonArray("ok", "bad\ud800") };
        var ex = Assert.Throws<CanonicalizationException>(() => JsonCanonicalizer.Canonicalize(node));
        Assert.Equal(CanonicalizationException.JcsInvalidString, ex.Code);
        Assert.Equal("$.a[1]", ex.Path);
    }

    [Fact]
    public void Duplicate_member_names_in_a_json_element_are_refused()
    {
        using var doc = JsonDocument.Parse("{\"a\":1,\"a\":2}");
        var ex = Assert.Throws<CanonicalizationException>(() => JsonCanonicalizer.Canonicalize(doc.RootElement));
        Assert.Equal(CanonicalizationException.JcsDuplicateName, ex.Code);
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_refused()
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < JsonCanonicalizer.MaxDepth + 5; i++)
        {
            node = new JsonArray(node);
        }

        var ex = Assert.Throws<CanonicalizationException>(() => JsonCanonicalizer.Canonicalize(node));
        Assert.Equal(CanonicalizationException.JcsTooDeep, ex.Code);
    }

    /// <summary>
    /// Cross-check against node: a few thousand deterministic doubles (random bit patterns, decimal-looking values,
    /// integers and the notation boundaries) through <c>JSON.stringify</c>, and random documents through the
    /// <c>canonicalize</c> package.
    /// </summary>
    [Fact]
    public async Task Matches_node_for_random_numbers_and_documents()
    {
        var doubles = InteropDoubles();
        var docs = InteropDocuments();
        var request = new JsonObject
        {
            ["bits"] = new JsonArray(doubles.Select(d => (JsonNode)BitsHex(d)).ToArray()),
            ["docs"] = new JsonArray(docs.Select(d => (JsonNode)d).ToArray()),
        };

        var output = await NodeInterop.RunAsync("jcs-numbers.mjs", request.ToJsonString());
        var response = JsonNode.Parse(output)!;
        var numbers = response["numbers"]!.AsArray();
        var expectedDocs = response["docs"]!.AsArray();
        Assert.Equal(doubles.Count, numbers.Count);
        Assert.Equal(docs.Count, expectedDocs.Count);

        var mismatches = new List<string>();
        for (var i = 0; i < doubles.Count; i++)
        {
            var ours = JsonCanonicalizer.FormatNumber(doubles[i]);
            if (ours != (string)numbers[i]!)
            {
                mismatches.Add($"{BitsHex(doubles[i])}: ours {ours}, node {numbers[i]}");
            }
        }

        for (var i = 0; i < docs.Count; i++)
        {
            var ours = JsonCanonicalizer.Canonicalize(JsonNode.Parse(docs[i]));
            if (ours != (string)expectedDocs[i]!)
            {
                mismatches.Add($"doc {i}: ours {ours}, node {expectedDocs[i]}");
            }
        }

        Assert.True(doubles.Count > 3000);
        Assert.Empty(mismatches);
    }

    private static string BitsHex(double d)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, BitConverter.DoubleToInt64Bits(d));
        return Convert.ToHexString(bytes);
    }

    private static List<double> InteropDoubles()
    {
        var random = new Random(8785);
        var list = new List<double>
        {
            0.0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 2.2250738585072014E-308,
            1e21, 1e-7, 1e-6, 9.999999999999999e20, 1e20, 123456789012345680000.0, 0.1, 0.2, 0.30000000000000004,
            1.0 / 3, 2.0 / 3, 100, 1e15, 1e16, 1e17, 5e-7, 4.35, 0.000001234, 1.5e300, 9007199254740993, -1.0,
        };
        for (var e = -30; e <= 30; e++)
        {
            list.Add(Math.Pow(10, e));
            list.Add(-1.2345 * Math.Pow(10, e));
        }

        while (list.Count < 2000)
        {
            var d = BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
            if (double.IsFinite(d))
            {
                list.Add(d);
            }
        }

        for (var i = 0; i < 1000; i++)
        {
            // Decimal-looking values with few digits, as credentials carry them.
            var digits = random.Next(1, 17);
            var mantissa = random.NextInt64(1, (long)Math.Pow(10, Math.Min(digits, 15)));
            list.Add(mantissa * Math.Pow(10, random.Next(-25, 25)));
        }

        for (var i = 0; i < 500; i++)
        {
            list.Add(random.NextInt64(-(1L << 53), 1L << 53));
            list.Add(random.NextDouble() * Math.Pow(10, random.Next(-8, 23)));
        }

        return list;
    }

    private static List<string> InteropDocuments()
    {
        var random = new Random(1785);
        var docs = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            docs.Add(RandomNode(random, 0)?.ToJsonString() ?? "null");
        }

        return docs;
    }

    private static readonly string[] KeyPieces = ["a", "B", "é", "€", "\ud83d\ude00", "\r", "1", "\u0080", "\ufb33", "@context", "id", "\u001f", "\"", "\\"];

    private static JsonNode? RandomNode(Random random, int depth)
    {
        var kind = depth > 3 ? random.Next(3, 8) : random.Next(0, 8);
        switch (kind)
        {
            case 0:
            case 1:
            {
                var obj = new JsonObject();
                var count = random.Next(0, 6);
                for (var i = 0; i < count; i++)
                {
                    var key = string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => KeyPieces[random.Next(KeyPieces.Length)]));
                    if (!obj.ContainsKey(key))
                    {
                        obj[key] = RandomNode(random, depth + 1);
                    }
                }

                return obj;
            }

            case 2:
            {
                var array = new JsonArray();
                var count = random.Next(0, 5);
                for (var i = 0; i < count; i++)
                {
                    array.Add(RandomNode(random, depth + 1));
                }

                return array;
            }

            case 3:
                return JsonValue.Create(string.Concat(Enumerable.Range(0, random.Next(0, 6)).Select(_ => KeyPieces[random.Next(KeyPieces.Length)] + (char)random.Next(0, 0x250))));
            case 4:
                return JsonValue.Create(random.NextDouble() * Math.Pow(10, random.Next(-10, 25)) * (random.Next(2) == 0 ? -1 : 1));
            case 5:
                return JsonValue.Create(random.Next());
            case 6:
                return JsonValue.Create(random.Next(2) == 0);
            default:
                return null;
        }
    }
}
