using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MicroCredentials.Signing.Json;

/// <summary>
/// Parses untrusted JSON into <see cref="JsonNode"/> in one pass over a <see cref="Utf8JsonReader"/>, enforcing
/// <see cref="JsonInputLimits"/> and refusing duplicate member names at every depth: two parsers that keep the first
/// or the last duplicate would otherwise see different credentials (e.g. two <c>issuer</c> members).
/// Strict RFC 8259: no comments, no trailing commas; a leading UTF-8 byte-order mark is ignored.
/// Numbers keep their original text, so serialising the result reproduces them exactly.
/// </summary>
public static class SafeJson
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses UTF-8 JSON. Throws <see cref="JsonInputException"/> when the input is refused.</summary>
    /// <param name="utf8Json">The untrusted bytes.</param>
    /// <param name="limits">Bounds to enforce; <see cref="JsonInputLimits.Default"/> when null.</param>
    /// <returns>The value; null for the JSON literal <c>null</c>.</returns>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8Json, JsonInputLimits? limits = null)
    {
        limits ??= JsonInputLimits.Default;
        limits.Validate(nameof(limits));
        return ParseCore(utf8Json, limits);
    }

    /// <summary>Parses JSON text. Throws <see cref="JsonInputException"/> when the input is refused.</summary>
    /// <param name="json">The untrusted text.</param>
    /// <param name="limits">Bounds to enforce; <see cref="JsonInputLimits.Default"/> when null.</param>
    /// <returns>The value; null for the JSON literal <c>null</c>.</returns>
    public static JsonNode? Parse(string json, JsonInputLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        limits ??= JsonInputLimits.Default;
        limits.Validate(nameof(limits));
        return ParseCore(Encode(json, limits), limits);
    }

    /// <summary>Parses UTF-8 JSON that must be an object (a credential, a JWT header or payload, a key file).</summary>
    /// <param name="utf8Json">The untrusted bytes.</param>
    /// <param name="limits">Bounds to enforce; <see cref="JsonInputLimits.Default"/> when null.</param>
    /// <returns>The object.</returns>
    public static JsonObject ParseObject(ReadOnlySpan<byte> utf8Json, JsonInputLimits? limits = null) =>
        Parse(utf8Json, limits) as JsonObject
        ?? throw new JsonInputException(JsonInputException.InvalidJson, "Expected a JSON object.", "$");

    /// <summary>Parses JSON text that must be an object.</summary>
    /// <param name="json">The untrusted text.</param>
    /// <param name="limits">Bounds to enforce; <see cref="JsonInputLimits.Default"/> when null.</param>
    /// <returns>The object.</returns>
    public static JsonObject ParseObject(string json, JsonInputLimits? limits = null) =>
        Parse(json, limits) as JsonObject
        ?? throw new JsonInputException(JsonInputException.InvalidJson, "Expected a JSON object.", "$");

    /// <summary>Parses UTF-8 JSON without throwing for refused input.</summary>
    /// <param name="utf8Json">The untrusted bytes.</param>
    /// <param name="limits">Bounds to enforce; <see cref="JsonInputLimits.Default"/> when null.</param>
    /// <returns>The value or the coded refusal.</returns>
    public static SafeJsonResult TryParse(ReadOnlySpan<byte> utf8Json, JsonInputLimits? limits = null)
    {
        try
        {
            return SafeJsonResult.Ok(Parse(utf8Json, limits));
        }
        catch (JsonInputException ex)
        {
            return SafeJsonResult.Fail(ex);
        }
    }

    /// <summary>Parses JSON text without throwing for refused input.</summary>
    /// <param name="json">The untrusted text.</param>
    /// <param name="limits">Bounds to enforce; <see cref="JsonInputLimits.Default"/> when null.</param>
    /// <returns>The value or the coded refusal.</returns>
    public static SafeJsonResult TryParse(string json, JsonInputLimits? limits = null)
    {
        try
        {
            return SafeJsonResult.Ok(Parse(json, limits));
        }
        catch (JsonInputException ex)
        {
            return SafeJsonResult.Fail(ex);
        }
    }

    private static byte[] Encode(string json, JsonInputLimits limits)
    {
        // Every UTF-16 code unit needs at least one UTF-8 byte: refuse before encoding anything huge.
        if (json.Length > limits.MaxBytes)
        {
            throw TooLarge(json.Length, limits);
        }

        int count;
        try
        {
            count = StrictUtf8.GetByteCount(json);
        }
        catch (EncoderFallbackException ex)
        {
            throw new JsonInputException(JsonInputException.InvalidJson, "The text contains an unpaired surrogate.", "$", ex);
        }

        if (count > limits.MaxBytes)
        {
            throw TooLarge(count, limits);
        }

        return StrictUtf8.GetBytes(json);
    }

    private static JsonInputException TooLarge(long size, JsonInputLimits limits) =>
        new(JsonInputException.TooLarge, $"The input is at least {size} bytes; the limit is {limits.MaxBytes}.", "$");

    private static JsonNode? ParseCore(ReadOnlySpan<byte> utf8, JsonInputLimits limits)
    {
        if (utf8.Length > limits.MaxBytes)
        {
            throw TooLarge(utf8.Length, limits);
        }

        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            // We enforce our own depth limit (with a code and a path); the reader's must not fire first.
            MaxDepth = limits.MaxDepth + 1,
        });

        var frames = new List<Frame>();
        JsonNode? root = null;
        var haveRoot = false;
        try
        {
            while (reader.Read())
            {
                if (frames.Count > 0 && frames[^1].Node is JsonArray && reader.TokenType is not JsonTokenType.EndArray)
                {
                    frames[^1].Index = frames[^1].Count; // the index of the item being read, for error paths
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                    {
                        var frame = frames[^1];
                        var name = ReadString(ref reader, limits, frames);
                        frame.PropertyName = name;
                        frame.Count++;
                        if (frame.Count > limits.MaxPropertiesPerObject)
                        {
                            throw Fail(JsonInputException.TooManyProperties, $"An object has more than {limits.MaxPropertiesPerObject} members.", frames);
                        }

                        if (((JsonObject)frame.Node).ContainsKey(name))
                        {
                            throw Fail(JsonInputException.DuplicateMember, $"Duplicate member name '{Truncate(name)}'.", frames);
                        }

                        break;
                    }

                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                    {
                        if (frames.Count >= limits.MaxDepth)
                        {
                            throw Fail(JsonInputException.TooDeep, $"Nesting is deeper than {limits.MaxDepth}.", frames);
                        }

                        JsonNode container = reader.TokenType == JsonTokenType.StartObject ? new JsonObject() : new JsonArray();
                        Attach(container, ref haveRoot, ref root, frames, limits);
                        frames.Add(new Frame(container));
                        break;
                    }

                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;

                    case JsonTokenType.String:
                        Attach(JsonValue.Create(ReadString(ref reader, limits, frames)), ref haveRoot, ref root, frames, limits);
                        break;

                    case JsonTokenType.Number:
                        // RFC 7493 (I-JSON): beyond binary64 a number means different things to different readers
                        // (JCS and JSON-LD need a finite double), and the BCL's JsonNode.DeepEquals throws on huge exponents.
                        if (!IsBinary64(ref reader))
                        {
                            throw Fail(JsonInputException.InvalidJson, "A number is outside the IEEE 754 double range.", frames);
                        }

                        Attach(ReadNumber(ref reader), ref haveRoot, ref root, frames, limits);
                        break;

                    case JsonTokenType.True:
                        Attach(JsonValue.Create(true), ref haveRoot, ref root, frames, limits);
                        break;

                    case JsonTokenType.False:
                        Attach(JsonValue.Create(false), ref haveRoot, ref root, frames, limits);
                        break;

                    case JsonTokenType.Null:
                        Attach(null, ref haveRoot, ref root, frames, limits);
                        break;

                    default:
                        throw Fail(JsonInputException.InvalidJson, $"Unexpected token {reader.TokenType}.", frames);
                }
            }
        }
        catch (JsonException ex)
        {
            throw Fail(JsonInputException.InvalidJson, "Not well-formed JSON: " + ex.Message, frames, ex);
        }

        if (!haveRoot)
        {
            throw new JsonInputException(JsonInputException.InvalidJson, "The input holds no JSON value.", "$");
        }

        return root;
    }

    private static void Attach(JsonNode? node, ref bool haveRoot, ref JsonNode? root, List<Frame> frames, JsonInputLimits limits)
    {
        if (frames.Count == 0)
        {
            haveRoot = true;
            root = node;
            return;
        }

        var parent = frames[^1];
        if (parent.Node is JsonObject obj)
        {
            obj.Add(parent.PropertyName!, node);
            return;
        }

        if (parent.Count >= limits.MaxArrayItems)
        {
            throw Fail(JsonInputException.TooManyItems, $"An array has more than {limits.MaxArrayItems} items.", frames);
        }

        parent.Count++;
        ((JsonArray)parent.Node).Add(node);
    }

    private static string ReadString(ref Utf8JsonReader reader, JsonInputLimits limits, List<Frame> frames)
    {
        // Every UTF-16 code unit costs at most 6 raw bytes (a \uXXXX escape), so a very long raw value is refused
        // before the string is materialised.
        if (reader.ValueSpan.Length > 6L * limits.MaxStringLength)
        {
            throw Fail(JsonInputException.StringTooLong, $"A string is longer than {limits.MaxStringLength} characters.", frames);
        }

        string value;
        try
        {
            value = reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            // Escaped lone surrogates (e.g. "\uD800") cannot become a valid string.
            throw Fail(JsonInputException.InvalidJson, "A string holds an invalid escape sequence.", frames, ex);
        }

        if (value.Length > limits.MaxStringLength)
        {
            throw Fail(JsonInputException.StringTooLong, $"A string is longer than {limits.MaxStringLength} characters.", frames);
        }

        return value;
    }

    private static JsonValue ReadNumber(ref Utf8JsonReader reader)
    {
        var span = reader.ValueSpan;
        if (span.Length <= 18 && IsPlainInteger(span) && reader.TryGetInt64(out var l))
        {
            return JsonValue.Create(l);
        }

        // A double whose shortest round-trip form is the input text serialises back to exactly that text; anything
        // else (1.50, 1e3, big integers) keeps its original text through a JsonElement, which costs far more.
        if (span.Length <= 32 && reader.TryGetDouble(out var d) && double.IsFinite(d))
        {
            Span<char> chars = stackalloc char[32];
            if (d.TryFormat(chars, out var written, "R", CultureInfo.InvariantCulture) && written == span.Length && SameAscii(chars[..written], span))
            {
                return JsonValue.Create(d);
            }
        }

        return JsonValue.Create(JsonElement.ParseValue(ref reader))!;
    }

    // Finite, not a non-zero literal that underflows to 0, and an exponent short enough that no reader overflows
    // parsing it (System.Text.Json's DeepEquals throws past Int32, even for 0E-99999999999).
    private static bool IsBinary64(ref Utf8JsonReader reader)
    {
        if (!reader.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            return false;
        }

        var span = reader.ValueSpan;
        var e = span.IndexOfAny((byte)'e', (byte)'E');
        var mantissa = e < 0 ? span : span[..e];
        if (value == 0 && mantissa.IndexOfAnyInRange((byte)'1', (byte)'9') >= 0)
        {
            return false;
        }

        if (e >= 0)
        {
            var exponent = span[(e + 1)..].TrimStart("+-"u8).TrimStart((byte)'0');
            return exponent.Length <= 4;
        }

        return true;
    }

    private static bool SameAscii(ReadOnlySpan<char> chars, ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] != bytes[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPlainInteger(ReadOnlySpan<byte> span)
    {
        var start = span[0] == (byte)'-' ? 1 : 0;
        if (start == 1 && span.Length == 2 && span[1] == (byte)'0')
        {
            return false; // "-0" must keep its sign.
        }

        for (var i = start; i < span.Length; i++)
        {
            if (span[i] is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return span.Length > start;
    }

    private static JsonInputException Fail(string code, string message, List<Frame> frames, Exception? inner = null) =>
        new(code, message, BuildPath(frames), inner);

    private static string BuildPath(List<Frame> frames)
    {
        var sb = new StringBuilder("$");
        foreach (var frame in frames)
        {
            if (frame.Node is JsonObject)
            {
                if (frame.PropertyName is null)
                {
                    continue;
                }

                if (IsIdentifier(frame.PropertyName))
                {
                    sb.Append('.').Append(frame.PropertyName);
                }
                else
                {
                    sb.Append("['").Append(Truncate(frame.PropertyName).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
                }
            }
            else if (frame.Index >= 0)
            {
                sb.Append('[').Append(frame.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
        }

        return sb.ToString();
    }

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || name.Length > 128 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '@' or '$'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Truncate(string s) => s.Length <= 64 ? s : string.Concat(s.AsSpan(0, 64), "…");

    private sealed class Frame(JsonNode node)
    {
        public JsonNode Node { get; } = node;

        public int Count { get; set; }

        public string? PropertyName { get; set; }

        public int Index { get; set; } = -1;
    }
}
