using System.Text.Json;
using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.Tests.Schemas;

/// <summary>
/// Seeded structural mutations of credentials for differential schema testing: drop, duplicate and retype members,
/// wrong enum values, strings for objects, arrays for scalars (and back), bad date-times. Deterministic for a seed.
/// </summary>
internal static class CredentialMutator
{
    /// <summary>Date-time variants: invalid ones, valid edge cases, and the forms ajv-formats accepts but RFC 3339 does not.</summary>
    public static readonly string[] DateTimes =
    [
        "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2024-01-01T25:00:00Z",
        "2024-01-01T00:60:00Z", "2024-01-01", "2024-01-01T00:00:00", "01/02/2024", "2024-01-01T00:00:00.Z", "2024-1-01T00:00:00Z",
        "yesterday", "", "2024-01-01T00:00:00+01:00", "2024-01-01t00:00:00z", "2024-01-01 00:00:00Z", "2024-01-01T00:00:00+0100",
        "2024-01-01T00:00:00+01", "2016-12-31T23:59:60Z", "2016-12-31T22:59:60Z", "2016-12-31T23:59:60-01:00", "2024-01-01T00:00:00.123456789Z",
        "\uFF12\uFF10\uFF12\uFF14-01-01T00:00:00Z", "2024-01-01T00:00:00+24:00", "2024-01-01T00:00:00Z ", " 2024-01-01T00:00:00Z",
    ];

    public static JsonNode Mutate(JsonNode seed, Random rng)
    {
        var copy = seed.DeepClone();
        var count = 1 + rng.Next(3);
        for (var i = 0; i < count; i++)
        {
            MutateOnce(copy, rng);
        }

        return copy;
    }

    private static void MutateOnce(JsonNode root, Random rng)
    {
        var slots = new List<(JsonNode Parent, string? Key, int Index)>();
        Collect(root, slots, 0);
        if (slots.Count == 0)
        {
            return;
        }

        var op = rng.Next(11);
        if (op == 10)
        {
            // Bad date-times target strings that look like dates, so they hit the format checks.
            var dates = slots.Where(s => Get(s) is JsonValue v && v.GetValueKind() == JsonValueKind.String
                && ((string)v!).Length >= 10 && ((string)v!)[4] == '-' && ((string)v!)[7] == '-').ToList();
            if (dates.Count > 0)
            {
                Set(dates[rng.Next(dates.Count)], JsonValue.Create(DateTimes[rng.Next(DateTimes.Length)]));
                return;
            }

            op = 2;
        }

        var slot = slots[rng.Next(slots.Count)];
        var current = Get(slot);
        switch (op)
        {
            case 0:
                Remove(slot);
                break;
            case 1:
                if (slot.Parent is JsonArray array)
                {
                    array.Insert(slot.Index, current?.DeepClone());
                }
                else
                {
                    // A member duplicated under an undeclared name (additionalProperties) or as a two-element array.
                    if (rng.Next(2) == 0)
                    {
                        slot.Parent.AsObject()[slot.Key + "Copy"] = current?.DeepClone();
                    }
                    else
                    {
                        Set(slot, new JsonArray(current?.DeepClone(), current?.DeepClone()));
                    }
                }

                break;
            case 2:
                Set(slot, Retyped(current, rng));
                break;
            case 3:
                Set(slot, current is JsonValue s && s.GetValueKind() == JsonValueKind.String
                    ? JsonValue.Create(rng.Next(2) == 0 ? (string)s! + "X" : "NotAValidEnumValue")
                    : JsonValue.Create("NotAValidEnumValue"));
                break;
            case 4:
                Set(slot, JsonValue.Create(current is JsonObject ? "urn:example:was-an-object" : "urn:example:replaced"));
                break;
            case 5:
                Set(slot, current is JsonArray ? new JsonArray() : new JsonArray(current?.DeepClone()));
                break;
            case 6:
                Set(slot, current is JsonArray { Count: > 0 } a ? a[0]?.DeepClone() : JsonValue.Create("scalar"));
                break;
            case 7:
                Set(slot, null);
                break;
            case 8:
                Set(slot, current switch
                {
                    JsonObject => new JsonObject(),
                    JsonArray => new JsonArray(),
                    _ => JsonValue.Create(string.Empty),
                });
                break;
            default:
                Set(slot, rng.Next(3) switch
                {
                    0 => JsonValue.Create(1.0),
                    1 => JsonValue.Create(-5),
                    _ => JsonValue.Create(true),
                });
                break;
        }
    }

    private static JsonNode? Retyped(JsonNode? current, Random rng) => current switch
    {
        JsonObject o => rng.Next(2) == 0 ? new JsonArray(o.DeepClone()) : JsonValue.Create(42),
        JsonArray a => rng.Next(2) == 0 ? new JsonObject { ["0"] = a.Count > 0 ? a[0]?.DeepClone() : null } : JsonValue.Create("array"),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => rng.Next(2) == 0 ? JsonValue.Create(12) : new JsonObject { ["id"] = (string)v! },
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => JsonValue.Create(v.ToJsonString()),
        null => JsonValue.Create(0),
        _ => JsonValue.Create("true"),
    };

    private static void Collect(JsonNode? node, List<(JsonNode, string?, int)> slots, int depth)
    {
        if (depth > 12)
        {
            return;
        }

        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    slots.Add((o, key, -1));
                    Collect(value, slots, depth + 1);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    slots.Add((a, null, i));
                    Collect(a[i], slots, depth + 1);
                }

                break;
        }
    }

    private static JsonNode? Get((JsonNode Parent, string? Key, int Index) slot) =>
        slot.Key is not null ? slot.Parent.AsObject()[slot.Key] : slot.Parent.AsArray()[slot.Index];

    private static void Set((JsonNode Parent, string? Key, int Index) slot, JsonNode? value)
    {
        if (slot.Key is not null)
        {
            slot.Parent.AsObject()[slot.Key] = value;
        }
        else
        {
            slot.Parent.AsArray()[slot.Index] = value;
        }
    }

    private static void Remove((JsonNode Parent, string? Key, int Index) slot)
    {
        if (slot.Key is not null)
        {
            slot.Parent.AsObject().Remove(slot.Key);
        }
        else
        {
            slot.Parent.AsArray().RemoveAt(slot.Index);
        }
    }
}
