using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenFn.Adaptors.Common;

/// <summary>
/// Replaces credential values in text with <c>****</c>: every string (and number) leaf of a configuration,
/// its JSON-escaped and URL-encoded forms, and the base64 forms used by Basic auth (<c>user:pass</c>).
/// Values too short to be secrets are ignored so that, say, an empty password does not mask every character.
/// </summary>
public sealed class SecretScrubber
{
    public const string Mask = "****";

    /// <summary>Keys whose values are addresses or switches, not secrets; masking them would make logs unreadable.</summary>
    private static readonly HashSet<string> PublicKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "url", "baseUrl", "base_url", "host", "hostname", "port", "apiVersion", "version", "basicAuth", "protocol",
    };

    private static readonly string[] SecretKeyHints = ["pass", "secret", "token", "key", "auth", "cert", "pwd", "private", "credential"];

    private const int MinSecretLength = 3;
    private const int MinPlainValueLength = 6;

    private readonly string[] _secrets;
    private readonly SearchValues<string>? _search;

    public static SecretScrubber None { get; } = new([]);

    public SecretScrubber(IEnumerable<string> secrets)
    {
        _secrets = Expand(secrets.Where(s => s.Length >= MinSecretLength))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
        _search = _secrets.Length == 0 ? null : SearchValues.Create(_secrets, StringComparison.Ordinal);
    }

    public bool IsEmpty => _secrets.Length == 0;

    /// <summary>Builds a scrubber from one or more credential objects (a step's <c>configuration</c>).</summary>
    public static SecretScrubber FromConfigurations(params JsonNode?[] configurations)
    {
        var secrets = new List<string>();
        foreach (var configuration in configurations)
            Collect(configuration, key: null, secrets);
        return new SecretScrubber(secrets);
    }

    /// <summary>Combines this scrubber's secrets with another's.</summary>
    public SecretScrubber With(SecretScrubber other) => new(_secrets.Concat(other._secrets));

    /// <summary>
    /// One pass over the text: at each place where a secret starts, the longest secret found there is masked.
    /// Work and memory stay linear in the text however many secrets there are.
    /// </summary>
    public string Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text) || _search is null)
            return text ?? string.Empty;
        var rest = text.AsSpan();
        var next = rest.IndexOfAny(_search);
        if (next < 0)
            return text;
        var builder = new StringBuilder(text.Length);
        while (next >= 0)
        {
            builder.Append(rest[..next]);
            builder.Append(Mask);
            rest = rest[(next + LongestSecretAt(rest[next..]))..];
            next = rest.IndexOfAny(_search);
        }
        builder.Append(rest);
        return builder.ToString();
    }

    private int LongestSecretAt(ReadOnlySpan<char> text)
    {
        foreach (var secret in _secrets)
        {
            if (text.StartsWith(secret, StringComparison.Ordinal))
                return secret.Length;
        }
        return 1;
    }

    /// <summary>Returns a copy of a JSON value with every string scrubbed.</summary>
    public JsonNode? Scrub(JsonNode? node)
    {
        if (node is null || _secrets.Length == 0)
            return node?.DeepClone();
        return JsonNode.Parse(Scrub(node.ToJsonString()));
    }

    private static void Collect(JsonNode? node, string? key, List<string> secrets)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (childKey, child) in obj)
                    Collect(child, childKey, secrets);
                break;
            case JsonArray array:
                foreach (var child in array)
                    Collect(child, key, secrets);
                break;
            case JsonValue value:
                var text = value.GetValueKind() switch
                {
                    JsonValueKind.String => value.GetValue<string>(),
                    JsonValueKind.Number => value.ToJsonString(),
                    _ => null,
                };
                if (text is null || (key is not null && PublicKeys.Contains(key)))
                    break;
                var looksSecret = key is not null && SecretKeyHints.Any(h => key.Contains(h, StringComparison.OrdinalIgnoreCase));
                if (text.Length >= (looksSecret ? MinSecretLength : MinPlainValueLength))
                    secrets.Add(text);
                break;
        }
        if (node is JsonObject credential)
            AddBasicAuthForms(credential, secrets);
    }

    private static void AddBasicAuthForms(JsonObject credential, List<string> secrets)
    {
        var password = credential["password"]?.GetValueKind() == JsonValueKind.String ? credential["password"]!.GetValue<string>() : null;
        if (string.IsNullOrEmpty(password))
            return;
        foreach (var userKey in new[] { "username", "user", "user_name", "email", "login" })
        {
            if (credential[userKey]?.GetValueKind() != JsonValueKind.String)
                continue;
            var pair = credential[userKey]!.GetValue<string>() + ":" + password;
            secrets.Add(Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }
    }

    private static IEnumerable<string> Expand(IEnumerable<string> secrets)
    {
        foreach (var secret in secrets)
        {
            yield return secret;
            var jsonEscaped = JsonSerializer.Serialize(secret)[1..^1];
            if (jsonEscaped != secret)
                yield return jsonEscaped;
            var urlEncoded = Uri.EscapeDataString(secret);
            if (urlEncoded != secret)
                yield return urlEncoded;
            if (secret.Length >= MinPlainValueLength)
                yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
        }
    }
}
