using System.Text.Json.Nodes;

namespace OpenFn.Simulators.Infrastructure;

/// <summary>
/// Primero's update rule (RecordMergeDataHashService): supplied keys replace, nested objects deep-merge, and
/// lists of objects (subforms such as services_section) merge element by element on <c>unique_id</c>: a known
/// unique_id is deep-merged, an unknown or missing one is appended, <c>"_destroy": true</c> removes the element.
/// Omitted elements are never deleted.
/// </summary>
public static class SubformMerge
{
    /// <summary>Merges <paramref name="patch"/> into <paramref name="target"/>; returns the top-level keys whose value changed.</summary>
    public static IReadOnlyList<string> Apply(JsonObject target, JsonObject patch, Func<string> newUniqueId)
    {
        var changed = new List<string>();
        foreach (var (key, value) in patch.ToList())
        {
            var before = target[key]?.DeepClone();
            target[key] = MergeValue(target[key], value, newUniqueId);
            if (!JsonNode.DeepEquals(before, target[key])) changed.Add(key);
        }
        return changed;
    }

    /// <summary>Gives every element of every subform list a unique_id (as Primero does on create).</summary>
    public static void AssignUniqueIds(JsonObject record, Func<string> newUniqueId)
    {
        foreach (var (_, value) in record)
        {
            if (value is not JsonArray list) continue;
            foreach (var element in list.OfType<JsonObject>())
            {
                if (element["unique_id"] is null || element["unique_id"]!.ToString().Length == 0) element["unique_id"] = newUniqueId();
            }
        }
    }

    private static JsonNode? MergeValue(JsonNode? current, JsonNode? incoming, Func<string> newUniqueId)
    {
        if (incoming is JsonObject incomingObject && current is JsonObject currentObject)
        {
            var merged = currentObject.DeepClone().AsObject();
            foreach (var (key, value) in incomingObject.ToList()) merged[key] = MergeValue(merged[key], value, newUniqueId);
            return merged;
        }
        if (incoming is JsonArray incomingList && IsSubformList(incomingList) && current is JsonArray currentList)
            return MergeSubform(currentList, incomingList, newUniqueId);
        if (incoming is JsonArray newList && IsSubformList(newList))
            return MergeSubform([], newList, newUniqueId);
        return incoming?.DeepClone();
    }

    private static bool IsSubformList(JsonArray list) => list.Count > 0 && list.All(e => e is JsonObject);

    private static JsonArray MergeSubform(JsonArray current, JsonArray incoming, Func<string> newUniqueId)
    {
        var merged = current.DeepClone().AsArray();
        foreach (var element in incoming.OfType<JsonObject>())
        {
            var id = element["unique_id"]?.ToString();
            var existing = string.IsNullOrEmpty(id)
                ? null
                : merged.OfType<JsonObject>().FirstOrDefault(e => e["unique_id"]?.ToString() == id);
            var destroy = element["_destroy"] is JsonValue flag && flag.TryGetValue<bool>(out var d) && d;
            if (destroy)
            {
                if (existing is not null) merged.Remove(existing);
                continue;
            }
            if (existing is not null)
            {
                var index = merged.IndexOf(existing);
                var deep = existing.DeepClone().AsObject();
                foreach (var (key, value) in element.ToList()) deep[key] = MergeValue(deep[key], value, newUniqueId);
                merged[index] = deep;
                continue;
            }
            var added = element.DeepClone().AsObject();
            added.Remove("_destroy");
            if (string.IsNullOrEmpty(id)) added["unique_id"] = newUniqueId();
            merged.Add(added);
        }
        return merged;
    }
}
