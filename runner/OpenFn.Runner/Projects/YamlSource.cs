using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpenFn.Runner.Projects;

/// <summary>
/// A parsed YAML file plus typed reads that record a <see cref="ProjectProblem"/> (file:line:col and key path)
/// instead of throwing, so one pass reports every mistake.
/// </summary>
internal sealed class YamlSource
{
    private YamlSource(string file, string text, YamlNode? root)
    {
        File = file;
        Lines = text.Split('\n');
        Root = root;
    }

    public string File { get; }
    public string[] Lines { get; }
    public YamlNode? Root { get; }
    public List<ProjectProblem> Problems { get; } = [];

    /// <summary>The key each value was read under, so a missing child key is reported at its parent's key.</summary>
    private readonly Dictionary<YamlNode, YamlNode> _keyOf = new(ReferenceEqualityComparer.Instance);

    public static YamlSource Parse(string file, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var source = new YamlSource(file, text, null);
            source.Problems.Add(new ProjectProblem(file, (int)e.Start.Line, (int)e.Start.Column, "", "invalid YAML: " + InnermostMessage(e)));
            return source;
        }
        return new YamlSource(file, text, stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null);
    }

    public SourcePosition At(YamlNode node) => new(File, (int)node.Start.Line, (int)node.Start.Column);

    public void Error(YamlNode? node, string keyPath, string message) => Add(node, keyPath, message, ProblemSeverity.Error);

    public void Warn(YamlNode? node, string keyPath, string message) => Add(node, keyPath, message, ProblemSeverity.Warning);

    public void Error(SourcePosition at, string keyPath, string message) =>
        Problems.Add(new ProjectProblem(at.File, at.Line, at.Column, keyPath, message));

    private void Add(YamlNode? node, string keyPath, string message, ProblemSeverity severity) =>
        Problems.Add(new ProjectProblem(File, (int)(node?.Start.Line ?? 0), (int)(node?.Start.Column ?? 0), keyPath, message, severity));

    /// <summary>The node as a mapping; null (with an error) when it is something else.</summary>
    public YamlMappingNode? AsMap(YamlNode? node, string keyPath)
    {
        if (node is YamlMappingNode map)
            return map;
        if (node is not null && !IsNull(node))
            Error(node, keyPath, "must be a map of keys to values");
        return null;
    }

    public IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries(YamlMappingNode map)
    {
        foreach (var (key, value) in map.Children)
        {
            _keyOf[value] = key;
            yield return (key is YamlScalarNode scalar ? scalar.Value ?? "" : key.ToString(), key, value);
        }
    }

    public static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlNode? KeyNode(YamlMappingNode map, string key) =>
        map.Children.Keys.FirstOrDefault(k => k is YamlScalarNode { Value: var v } && v == key);

    public static bool IsNull(YamlNode? node) =>
        node is null || node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "null" or "~" or "Null" or "NULL" };

    /// <summary>A string value; null when absent or YAML null. Records an error when required and missing, or not a scalar.</summary>
    public string? String(YamlMappingNode map, string key, string path, bool required = false)
    {
        var node = Get(map, key);
        if (IsNull(node))
        {
            if (required)
                Error(KeyNode(map, key) ?? _keyOf.GetValueOrDefault(map) ?? map, Join(path, key), node is null ? "is required" : "must not be empty");
            return null;
        }
        if (node is not YamlScalarNode scalar)
        {
            Error(node, Join(path, key), "must be a single value, not a list or map");
            return null;
        }
        return scalar.Value;
    }

    public bool Bool(YamlMappingNode map, string key, string path, bool defaultValue)
    {
        var text = String(map, key, path);
        if (text is null)
            return defaultValue;
        if (bool.TryParse(text.Trim(), out var value))
            return value;
        Error(Get(map, key), Join(path, key), $"must be true or false, not '{text}'");
        return defaultValue;
    }

    public long? Number(YamlMappingNode map, string key, string path, long min, long max)
    {
        var text = String(map, key, path);
        if (text is null)
            return null;
        if (long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        Error(Get(map, key), Join(path, key), $"must be a whole number from {min} to {max}, not '{text}'");
        return null;
    }

    public double? Decimal(YamlMappingNode map, string key, string path, double min, double max)
    {
        var text = String(map, key, path);
        if (text is null)
            return null;
        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        Error(Get(map, key), Join(path, key), $"must be a number from {min} to {max}, not '{text}'");
        return null;
    }

    public IReadOnlyList<string> StringList(YamlMappingNode map, string key, string path)
    {
        var node = Get(map, key);
        if (IsNull(node))
            return [];
        if (node is YamlSequenceNode sequence && sequence.Children.All(c => c is YamlScalarNode))
            return sequence.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList();
        Error(node, Join(path, key), "must be a list of names");
        return [];
    }

    /// <summary>Warns about keys nobody reads (usually typos); newer OpenFn keys keep loading.</summary>
    public void WarnUnknownKeys(YamlMappingNode map, string path, IReadOnlyCollection<string> known)
    {
        foreach (var (key, keyNode, _) in Entries(map))
            if (!known.Contains(key))
                Warn(keyNode, Join(path, key), "unknown key (ignored)");
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static string InnermostMessage(Exception e)
    {
        while (e.InnerException is not null)
            e = e.InnerException;
        var message = e.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && marker > 0 ? message[(marker + 3)..] : message;
    }
}
