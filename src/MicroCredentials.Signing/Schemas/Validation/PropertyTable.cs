using System.Text;
using System.Text.Json;

namespace MicroCredentials.Signing.Schemas.Validation;

/// <summary>
/// The member names a schema declares (<c>properties</c>), looked up by an instance member's UTF-8 name. One pass over
/// the instance's members with a hash lookup replaces one <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>
/// scan per declared name, which made <c>properties</c> and <c>additionalProperties</c> cost declared × present.
/// </summary>
internal sealed class PropertyTable
{
    private readonly byte[][] names;
    private readonly int[] buckets;
    private readonly int mask;

    public PropertyTable(IReadOnlyList<string> declared)
    {
        names = declared.Select(Encoding.UTF8.GetBytes).ToArray();
        var size = 4;
        while (size < names.Length * 2)
        {
            size *= 2;
        }

        buckets = new int[size];
        mask = size - 1;
        for (var i = 0; i < names.Length; i++)
        {
            var h = Hash(names[i]) & mask;
            while (buckets[h] != 0)
            {
                h = (h + 1) & mask;
            }

            buckets[h] = i + 1;
        }
    }

    public int Count => names.Length;

    /// <summary>The index of a string value among the names, or -1 (used for large string enums).</summary>
    public int FindString(JsonElement value)
    {
#if NET9_0_OR_GREATER
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length >= 2 && raw.IndexOf((byte)'\\') < 0)
        {
            return Find(raw[1..^1]);
        }
#endif
        return Find(Encoding.UTF8.GetBytes(value.GetString()!));
    }

    /// <summary>The index of the member's name among the declared names, or -1.</summary>
    public int Find(JsonProperty property)
    {
        if (names.Length == 0)
        {
            return -1;
        }

#if NET9_0_OR_GREATER
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return Find(raw);
        }
#endif
        return Find(Encoding.UTF8.GetBytes(property.Name));
    }

    private int Find(ReadOnlySpan<byte> name)
    {
        var h = Hash(name) & mask;
        while (true)
        {
            var slot = buckets[h];
            if (slot == 0)
            {
                return -1;
            }

            if (name.SequenceEqual(names[slot - 1]))
            {
                return slot - 1;
            }

            h = (h + 1) & mask;
        }
    }

    private static int Hash(ReadOnlySpan<byte> s)
    {
        // FNV-1a: member names are short, and the table is private to one schema (no hash-flooding surface).
        var h = 2166136261u;
        foreach (var b in s)
        {
            h = (h ^ b) * 16777619u;
        }

        return (int)(h & 0x7FFFFFFF);
    }
}
