using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenFn.Runner.Projects;

namespace OpenFn.Runner.Credentials;

/// <summary>
/// Credential values by credential key: a JSON file (<c>{ "key": { ...configuration } }</c>) kept outside the project,
/// overridden field by field by environment variables <c>OPENFN_CREDENTIAL_&lt;KEY&gt;</c> (the key upper-cased, every
/// other character than A-Z and 0-9 turned into <c>_</c>; the value a JSON object, or a plain string).
/// Values are handed to steps and scrubbers only; nothing here logs or stores them.
/// </summary>
public sealed class CredentialStore
{
    public const string EnvironmentPrefix = "OPENFN_CREDENTIAL_";

    private readonly Dictionary<string, JsonNode> _fromFile;
    private readonly Func<string, string?> _environment;

    private CredentialStore(string? file, Dictionary<string, JsonNode> fromFile, Func<string, string?> environment)
    {
        File = file;
        _fromFile = fromFile;
        _environment = environment;
    }

    /// <summary>The file the values came from, if any (for messages).</summary>
    public string? File { get; }

    public static CredentialStore Empty { get; } = new(null, [], _ => null);

    /// <summary>Reads <paramref name="file"/> (when given) and uses the process environment for overrides.</summary>
    public static CredentialStore Load(string? file, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (file is null)
            return new CredentialStore(null, [], environment);
        if (!System.IO.File.Exists(file))
            throw new InvalidInputException(file, "credentials file not found");
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(System.IO.File.ReadAllText(file), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw JsonProblems.Invalid(file, e);
        }
        if (root is not JsonObject map)
            throw new InvalidInputException(file, "a credentials file must be a JSON object: { \"credential-key\": { ...values } }");
        var values = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            if (value is not (JsonObject or JsonValue))
                throw new InvalidInputException([new ProjectProblem(file, 0, 0, key, "must be an object of credential values (or a single secret string)")]);
            values[key] = value.DeepClone();
        }
        return new CredentialStore(file, values, environment);
    }

    public static string EnvironmentName(string key)
    {
        var builder = new StringBuilder(EnvironmentPrefix);
        foreach (var c in key.ToUpperInvariant())
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        return builder.ToString();
    }

    public bool Contains(string key) => Find(key) is not null;

    /// <summary>What to say when a credential has no values: which key, and the two places it can come from.</summary>
    public string MissingMessage(string key) =>
        $"no values for credential '{key}': add it to {File ?? "a credentials file (-c)"} or set {EnvironmentName(key)}";

    /// <summary>The credential's values (a fresh copy), the environment's fields over the file's; null when unknown.</summary>
    public JsonNode? Find(string key)
    {
        _fromFile.TryGetValue(key, out var fromFile);
        var environmentText = _environment(EnvironmentName(key));
        if (environmentText is null)
            return fromFile?.DeepClone();
        JsonNode fromEnvironment;
        try
        {
            fromEnvironment = environmentText.TrimStart().StartsWith('{') ? JsonNode.Parse(environmentText)! : JsonValue.Create(environmentText);
        }
        catch (JsonException)
        {
            throw new InvalidInputException(EnvironmentName(key), "is not valid JSON (an object of credential values was expected)");
        }
        if (fromFile is JsonObject baseObject && fromEnvironment is JsonObject overrides)
        {
            var merged = (JsonObject)baseObject.DeepClone();
            foreach (var (field, value) in overrides)
                merged[field] = value?.DeepClone();
            return merged;
        }
        return fromEnvironment;
    }

    /// <summary>A job credential: must be an object, since it becomes <c>state.configuration</c>.</summary>
    public JsonObject? FindConfiguration(string key) => Find(key) switch
    {
        null => null,
        JsonObject configuration => configuration,
        _ => throw new InvalidInputException([new ProjectProblem(File ?? EnvironmentName(key), 0, 0, key, "a job credential must be an object of values")]),
    };

    /// <summary>A single secret (an inbox secret): a string, or an object's <c>secret</c> field.</summary>
    public string? FindSecret(string key) => Find(key) switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonObject { } obj when obj["secret"] is JsonValue secret && secret.GetValueKind() == JsonValueKind.String => secret.GetValue<string>(),
        _ => null,
    };
}
