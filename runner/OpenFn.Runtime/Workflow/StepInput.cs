using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenFn.Runtime.Workflow;

/// <summary>
/// Builds a step's input (§2.3): upstream state over the step's default state, <c>data</c> shallow-merged unless it is
/// an array or a primitive, <c>configuration</c> = workflow credentials ← upstream configuration ← step credential.
/// </summary>
internal static class StepInput
{
    public static JsonObject Assemble(JsonNode? upstream, StepPlan step, JsonObject? workflowCredentials)
    {
        var initial = AsObject(upstream?.DeepClone());
        var defaults = step.DefaultState?.DeepClone().AsObject() ?? [];
        var state = new JsonObject();
        foreach (var (key, value) in defaults)
            state[key] = value?.DeepClone();
        foreach (var (key, value) in initial)
            state[key] = value?.DeepClone();

        var configuration = new JsonObject();
        foreach (var source in new[] { workflowCredentials, initial["configuration"] as JsonObject, step.Configuration })
            foreach (var (key, value) in source ?? [])
                configuration[key] = value?.DeepClone();
        state["configuration"] = configuration;
        state["data"] = AssembleData(initial["data"], defaults["data"]);
        return state;
    }

    private static JsonNode? AssembleData(JsonNode? initial, JsonNode? defaults)
    {
        if (IsTruthy(initial) && initial is not JsonObject)
            return initial!.DeepClone();
        var data = new JsonObject();
        foreach (var source in new[] { defaults as JsonObject, initial as JsonObject })
            foreach (var (key, value) in source ?? [])
                data[key] = value?.DeepClone();
        return data;
    }

    /// <summary>What spreading the upstream value gives: an object's keys, an array's indexes, nothing for a primitive.</summary>
    private static JsonObject AsObject(JsonNode? node) => node switch
    {
        JsonObject obj => obj,
        JsonArray array => new JsonObject(array.Select((item, i) => KeyValuePair.Create(i.ToString(System.Globalization.CultureInfo.InvariantCulture), item?.DeepClone()))),
        _ => [],
    };

    /// <summary>JavaScript truthiness of a JSON value.</summary>
    public static bool IsTruthy(JsonNode? node) => node switch
    {
        null => false,
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.False or JsonValueKind.Null => false,
            JsonValueKind.String => value.GetValue<string>().Length > 0,
            JsonValueKind.Number => value.GetValue<double>() is var d && d != 0 && !double.IsNaN(d),
            _ => true,
        },
        _ => true,
    };
}
