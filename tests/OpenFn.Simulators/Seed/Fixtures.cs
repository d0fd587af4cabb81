using System.Text.Json.Nodes;

namespace OpenFn.Simulators.Seed;

/// <summary>
/// The realistic payloads copied from ../shared/fixtures into Seed/Fixtures (embedded in the assembly, so the
/// library works from any output folder). Names are "folder/file.json".
/// </summary>
public static class Fixtures
{
    public static JsonNode Load(string name)
    {
        using var stream = typeof(Fixtures).Assembly.GetManifestResourceStream("Fixtures/" + name)
                           ?? throw new FileNotFoundException($"Simulator fixture '{name}' is not embedded.");
        return JsonNode.Parse(stream) ?? throw new InvalidDataException($"Simulator fixture '{name}' is empty.");
    }

    public static JsonObject LoadObject(string name) => Load(name).AsObject();

    /// <summary>The records of a captured list: a bare array, <c>{data: [...]}</c>, <c>{data: {data: [...]}}</c> or a single record.</summary>
    public static IEnumerable<JsonObject> Records(string name)
    {
        var node = Load(name);
        while (node is JsonObject o && o["data"] is { } inner) node = inner;
        return node switch
        {
            JsonArray array => array.OfType<JsonObject>().Select(o => o.DeepClone().AsObject()).ToList(),
            JsonObject single => [single],
            _ => [],
        };
    }
}
