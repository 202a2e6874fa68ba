using System.IO.Compression;
using System.Text.Json.Nodes;
using MicroCredentials.Signing.Status;
using MicroCredentials.Signing.Tests.Support;
using Xunit;

namespace MicroCredentials.Signing.Tests.Status;

public class BitstringStatusListTests
{
    public static TheoryData<string> DecodedLists()
    {
        var data = new TheoryData<string>();
        var doc = JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile("bitstring-status-list", "decoded-lists.json")))!;
        foreach (var list in doc["lists"]!.AsArray())
        {
            data.Add(list!["source"]!.GetValue<string>());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DecodedLists))]
    public void Conformance_decoded_lists_give_the_expected_set_indices(string source)
    {
        var doc = JsonNode.Parse(File.ReadAllText(TestPaths.ConformanceFile("bitstring-status-list", "decoded-lists.json")))!;
        var entry = doc["lists"]!.AsArray().Single(l => l!["source"]!.GetValue<string>() == source)!;
        var list = BitstringStatusList.Decode(entry["encodedList"]!.GetValue<string>());
        Assert.Equal(entry["bits"]!.GetValue<int>(), list.Length);
        Assert.Equal(entry["decompressedBytes"]!.GetValue<int>(), list.Bits.Length);
        Assert.Equal(entry["setIndices"]!.AsArray().Select(n => n!.GetValue<int>()), list.NonZeroIndices());
    }

    [Fact]
    public void Index_zero_is_the_most_significant_bit_of_byte_zero()
    {
        var list = new BitstringStatusList();
        list.SetStatus(0, 1);
        list.SetStatus(9, 1);
        Assert.Equal(0x80, list.Bits[0]);
        Assert.Equal(0x40, list.Bits[1]);
        Assert.Equal([0, 9], list.NonZeroIndices());
    }

    [Fact]
    public void Encode_then_decode_round_trips_random_bits()
    {
        var rng = new Random(1234);
        var list = new BitstringStatusList(BitstringStatusList.MinimumEntries * 2);
        var set = Enumerable.Range(0, 500).Select(_ => rng.Next(list.Length)).Distinct().Order().ToArray();
        foreach (var i in set)
        {
            list.SetStatus(i, 1);
        }

        var encoded = list.Encode();
        Assert.StartsWith("u", encoded, StringComparison.Ordinal);
        Assert.DoesNotContain('=', encoded);
        Assert.DoesNotContain('+', encoded);
        Assert.DoesNotContain('/', encoded);
        var decoded = BitstringStatusList.Decode(encoded);
        Assert.Equal(list.Length, decoded.Length);
        Assert.Equal(set, decoded.NonZeroIndices());
        Assert.True(list.Bits.SequenceEqual(decoded.Bits));
    }

    [Fact]
    public void Multi_bit_entries_read_most_significant_bit_first()
    {
        var list = new BitstringStatusList(BitstringStatusList.MinimumEntries, statusSize: 2);
        list.SetStatus(0, 2);
        list.SetStatus(3, 3);
        Assert.Equal(0b1000_0011, list.Bits[0]);
        var decoded = BitstringStatusList.Decode(list.Encode(), statusSize: 2);
        Assert.Equal(2, decoded.GetStatus(0));
        Assert.Equal(0, decoded.GetStatus(1));
        Assert.Equal(3, decoded.GetStatus(3));
        list.SetStatus(3, 0);
        Assert.Equal(0b1000_0000, list.Bits[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list.SetStatus(1, 4));
    }

    [Fact]
    public void Lists_shorter_than_the_spec_minimum_cannot_be_created()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BitstringStatusList(BitstringStatusList.MinimumEntries - 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BitstringStatusList(statusSize: 9));
    }

    [Theory]
    [InlineData("", StatusErrorCodes.DecodeError)]
    [InlineData("zH4sI", StatusErrorCodes.DecodeError)]
    [InlineData("uH4sI*AAA", StatusErrorCodes.DecodeError)]
    [InlineData("uAAAAAAAAAAAAAAA", StatusErrorCodes.DecodeError)]
    [InlineData("uH4sIAAAAAAAAA-I-CHANGED-THISAAwFwBZnztF9QwAAA", StatusErrorCodes.DecodeError)]
    public void Malformed_encoded_lists_are_refused_with_a_code(string encoded, string code)
    {
        var ex = Assert.Throws<StatusListException>(() => BitstringStatusList.Decode(encoded));
        Assert.Equal(code, ex.Code);
    }

    [Fact]
    public void Encoded_text_past_the_limit_is_refused_before_decoding()
    {
        var ex = Assert.Throws<StatusListException>(() => BitstringStatusList.Decode("u" + new string('A', 101), limits: new StatusListLimits { MaxEncodedChars = 100 }));
        Assert.Equal(StatusErrorCodes.TooLarge, ex.Code);
    }

    [Fact]
    public void A_gzip_bomb_of_one_gibibyte_is_refused_in_small_memory()
    {
        var bomb = GzipBomb.Encoded;
        Assert.True(bomb.Length < StatusListLimits.Default.MaxEncodedChars, "the bomb must pass the encoded-size check to exercise decompression");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<StatusListException>(() => BitstringStatusList.Decode(bomb));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(StatusErrorCodes.TooLarge, ex.Code);
        // The output is capped at MaxDecodedBytes (16 MiB); the growing MemoryStream doubles to at most 32 MiB,
        // plus the base64 input. 1 GiB would be far beyond this.
        Assert.True(allocated < 96L * 1024 * 1024, $"decoding allocated {allocated} bytes");
    }

    [Fact]
    public void The_gzip_bomb_inflates_past_one_gibibyte_when_unbounded()
    {
        // Counts the bytes without keeping them, to show the refused input above is a real ≥ 1 GiB bomb.
        var compressed = GzipBomb.Compressed;
        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        var buffer = new byte[1 << 20];
        long total = 0;
        int read;
        while ((read = gzip.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += read;
        }

        Assert.Equal(GzipBomb.DecompressedBytes, total);
    }
}

/// <summary>One GiB of zeros, GZIP-compressed once per test run (about 1 MB) and kept for the tests that need it.</summary>
internal static class GzipBomb
{
    public const long DecompressedBytes = 1L << 30;

    private static readonly Lazy<byte[]> CompressedLazy = new(Build);

    public static byte[] Compressed => CompressedLazy.Value;

    public static string Encoded => "u" + Convert.ToBase64String(Compressed).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Build()
    {
        var zeros = new byte[1 << 20];
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (var i = 0; i < DecompressedBytes / zeros.Length; i++)
            {
                gzip.Write(zeros, 0, zeros.Length);
            }
        }

        return output.ToArray();
    }
}
