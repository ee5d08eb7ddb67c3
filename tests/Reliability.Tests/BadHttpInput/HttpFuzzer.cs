using System.Text;
using System.Text.Json;

namespace OrdersAspire.Reliability.Tests.BadHttpInput;

/// <summary>A seeded generator of hostile HTTP requests (our own: no property-testing library is referenced):
/// random and malformed JSON bodies, wrong types, huge strings, random bytes, odd content types, fuzzed path and
/// query parameters, wrong methods. Every response is checked: never a 5xx, and a 4xx with a body is ProblemDetails.</summary>
public sealed class HttpFuzzer(int seed)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
    private static readonly string?[] ContentTypes =
    [
        "application/json", "application/json", "application/json; charset=utf-8", "text/plain", "application/xml",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "application/json; charset=utf-16",
        "application/octet-stream", "*/*", null,
    ];

    private readonly Random _random = new(seed);

    public int Seed { get; } = seed;

    /// <summary>Sends <paramref name="count"/> requests built from <paramref name="endpoints"/>; returns the
    /// status-code histogram and the violations (5xx, or a 4xx body that is not ProblemDetails).</summary>
    public async Task<FuzzResult> RunAsync(HttpClient client, IReadOnlyList<FuzzEndpoint> endpoints, int count,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var result = new FuzzResult();
        for (var i = 0; i < count; i++)
        {
            var endpoint = endpoints[_random.Next(endpoints.Count)];
            using var request = Build(endpoint, headers);
            var description = $"#{i} {request.Method} {Shorten(request.RequestUri!.ToString())} [{request.Content?.Headers.ContentType?.ToString() ?? "no content type"}]";
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request);
            }
            catch (HttpRequestException ex)
            {
                result.Violations.Add($"{description}: connection failed: {ex.Message}");
                continue;
            }
            using (response)
            {
                var status = (int)response.StatusCode;
                result.Count(status);
                var body = await response.Content.ReadAsStringAsync();
                if (status >= 500)
                {
                    result.Violations.Add($"{description}: {status} {Shorten(body, 400)}");
                }
                else if (status >= 400 && body.Length > 0 && request.Method != HttpMethod.Head && !IsProblemDetails(response, body, status))
                {
                    result.Violations.Add($"{description}: {status} is not ProblemDetails: {response.Content.Headers.ContentType} {Shorten(body, 200)}");
                }
            }
        }
        return result;
    }

    private HttpRequestMessage Build(FuzzEndpoint endpoint, IReadOnlyDictionary<string, string>? headers)
    {
        // One request in eight uses a method the endpoint does not have.
        var method = _random.Next(8) == 0 ? Methods[_random.Next(Methods.Length)] : endpoint.Method;
        var path = string.Join('/', endpoint.Template.Split('/').Select(s => s.StartsWith('{') ? Uri.EscapeDataString(PathValue().Replace('\0', '0')) : s));
        if (_random.Next(3) == 0)
        {
            path += "?" + Query();
        }

        var request = new HttpRequestMessage(new HttpMethod(method), path);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (_random.Next(6) == 0)
        {
            request.Headers.TryAddWithoutValidation("X-Admin-Key", AsciiText(_random.Next(0, 80)));
        }

        if (endpoint.HasBody || _random.Next(5) == 0)
        {
            var content = new ByteArrayContent(Body());
            var type = ContentTypes[_random.Next(ContentTypes.Length)];
            if (type is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", type);
            }

            request.Content = content;
        }
        return request;
    }

    private string PathValue() => _random.Next(10) switch
    {
        0 => "",
        1 => " ",
        2 => new string('a', _random.Next(65, 5_000)),
        3 => "..%2f..%2fetc%2fpasswd",
        4 => "-1",
        5 => "99999999999999999999",
        6 => "\u202e\uFFFF\u0001",
        7 => Guid.NewGuid().ToString(),
        8 => _random.Next(-3, 6).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => RandomText(_random.Next(1, 70)),
    };

    private string Query()
    {
        var parts = new List<string>();
        for (var i = _random.Next(1, 4); i > 0; i--)
        {
            var name = _random.Next(3) switch
            {
                0 => "since",
                1 => QueryNames[_random.Next(QueryNames.Length)],
                _ => RandomText(_random.Next(1, 10)),
            };
            var value = _random.Next(5) switch
            {
                0 => "2026-13-45T99:99",
                1 => new string('9', _random.Next(1, 3000)),
                2 => "",
                3 => QueryValues[_random.Next(QueryValues.Length)],
                _ => RandomText(_random.Next(1, 30)),
            };
            parts.Add(Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value));
        }
        return string.Join('&', parts);
    }

    private byte[] Body() => _random.Next(12) switch
    {
        0 => [],
        1 => RandomBytes(_random.Next(1, 2_000)),
        2 => Encoding.UTF8.GetBytes("{\"count\": " + new string('9', 400) + "}"),
        3 => Encoding.UTF8.GetBytes("{\"" + new string('k', 10) + "\": \"" + new string('x', _random.Next(100_000, 1_200_000)) + "\"}"),
        4 => Encoding.UTF8.GetBytes(new string('[', 5_000) + new string(']', 5_000)),
        5 => Encoding.UTF8.GetBytes("{\"count\": 10, \"ratePerSecond\": "),
        6 => [0xEF, 0xBB, 0xBF, (byte)'{', 0xC3, 0x28, (byte)'}'],
        7 => Encoding.UTF8.GetBytes("null"),
        _ => Encoding.UTF8.GetBytes(RandomJson(depth: 0)),
    };

    /// <summary>The endpoints' real query parameters and plausible values, so parsing and planning code runs too.</summary>
    private static readonly string[] QueryNames =
    [
        "to", "value", "topic", "partitions", "execute", "verbose", "strategy", "replicas", "targetSeconds", "replicaRate",
    ];

    private static readonly string[] QueryValues =
    [
        "earliest", "latest", "offset", "datetime", "shift-by", "true", "false", "range", "roundrobin",
        "cooperative-sticky", "0,1", "0,,1", "-5", "3", "1e9", "NaN", "order-events", "2026-11-25T00:00:00Z",
    ];

    private static readonly string[] FieldNames =
    [
        "count", "ratePerSecond", "keyDistribution", "kind", "customers", "skew", "hotPartition", "hotShare", "orderSize",
        "minItems", "maxItems", "milliseconds", "apiKey", "errors", "keyType", "key", "brokerId", "topic", "partition",
        "groupId", "target", "offset", "timestamp", "seed", "regions", "currency",
    ];

    /// <summary>A JSON object whose fields are the endpoints' real names (so validation code runs) with random values.</summary>
    private string RandomJson(int depth)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartObject();
            for (var i = _random.Next(0, 6); i > 0; i--)
            {
                writer.WritePropertyName(_random.Next(6) == 0 ? RandomText(_random.Next(1, 12)) : FieldNames[_random.Next(FieldNames.Length)]);
                WriteValue(writer, depth);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private void WriteValue(Utf8JsonWriter writer, int depth)
    {
        switch (_random.Next(depth > 3 ? 9 : 11))
        {
            case 0: writer.WriteNullValue(); break;
            case 1: writer.WriteBooleanValue(_random.Next(2) == 0); break;
            case 2: writer.WriteNumberValue(_random.Next(int.MinValue, int.MaxValue)); break;
            case 3: writer.WriteNumberValue(_random.NextDouble() * Math.Pow(10, _random.Next(-5, 300)) * (_random.Next(2) == 0 ? -1 : 1)); break;
            case 4: writer.WriteNumberValue(_random.Next(-2, 12)); break;
            case 5: writer.WriteStringValue(RandomText(_random.Next(0, 40))); break;
            case 6: writer.WriteStringValue(new string('z', _random.Next(1_000, 70_000))); break;
            case 7: writer.WriteStringValue(_random.Next(3) switch { 0 => "OffsetCommit", 1 => "zipf", _ => "REBALANCE_IN_PROGRESS" }); break;
            case 8: writer.WriteRawValue(_random.Next(2) == 0 ? "1e400" : "-0.0000000000000000000001", skipInputValidation: true); break;
            case 9:
                writer.WriteStartArray();
                for (var i = _random.Next(0, 5); i > 0; i--)
                {
                    WriteValue(writer, depth + 1);
                }

                writer.WriteEndArray();
                break;
            default: writer.WriteRawValue(RandomJson(depth + 1), skipInputValidation: true); break;
        }
    }

    private string RandomText(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = _random.Next(10) switch
            {
                0 => (char)_random.Next(0, 32),
                1 => (char)_random.Next(0x80, 0x2FFF),
                2 => "\"'\\{}[]<>%&;/?#"[_random.Next(15)],
                _ => (char)_random.Next('a', 'z' + 1),
            };
        }
        return new string(chars);
    }

    /// <summary>Printable ASCII: the only thing HttpClient lets through in a header value.</summary>
    private string AsciiText(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)_random.Next(0x21, 0x7F);
        }

        return new string(chars);
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static bool IsProblemDetails(HttpResponseMessage response, string body, int status)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("status", out var s) && s.GetInt32() == status
                && document.RootElement.TryGetProperty("title", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Shorten(string text, int max = 160) => text.Length <= max ? text : text[..max] + $"…({text.Length})";
}
