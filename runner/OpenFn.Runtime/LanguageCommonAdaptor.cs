using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;

namespace OpenFn.Runtime;

/// <summary>
/// <c>@openfn/language-common</c> 3.3.4 as an adaptor of its own. Its functions are pure logic implemented by the
/// runtime's embedded JavaScript (Js/common.js); it does no I/O. Other adaptors re-export a subset of
/// <see cref="Exports"/> through <see cref="IAdaptorVersion.CommonExports"/>.
/// </summary>
public sealed class LanguageCommonAdaptor : IAdaptor, IAdaptorVersion
{
    private static OperationParameter P(string name, string type, bool optional = false) => new(name, type, optional);

    /// <summary>Every function of language-common 3.3.4 the runtime implements, with its signature and a one-line doc.</summary>
    public static IReadOnlyList<OperationDescriptor> Descriptors { get; } =
    [
        new("fn", [P("func", "(state) => state")], "Runs a function of state; its (awaited) return value is the next state."),
        new("alterState", [P("func", "(state) => state")], "Alias of fn."),
        new("fnIf", [P("condition", "boolean | (state) => boolean"), P("operation", "Operation")], "Runs the operation when the condition holds, else passes state on."),
        new("each", [P("dataSource", "string | array | (state) => array"), P("operation", "Operation")], "Runs the operation once per item with { ...state, data: item, index }."),
        new("combine", [P("...operations", "Operation")], "Runs operations in sequence, each on a shallow copy of the previous result."),
        new("map", [P("path", "string | array"), P("callback", "(item, index, state) => value")], "Sets data to the callback's results for every item."),
        new("as", [P("key", "string"), P("operation", "Operation")], "Runs the operation and stores its data under state[key], keeping data."),
        new("group", [P("arrayOfObjects", "array"), P("keyPath", "string"), P("callback", "(state) => state", true)], "Groups items by the value at keyPath into data."),
        new("parseCsv", [P("csv", "string"), P("options", "object", true), P("callback", "(state, rows) => state", true)], "Parses CSV text into row objects (composeNextState per chunk)."),
        new("cursor", [P("value", "any"), P("options", "{ key, defaultValue, format }", true)], "Sets state.cursor (or the given key), understanding 'today', 'yesterday', 'N days ago' …"),
        new("assert", [P("expression", "any"), P("errorMessage", "string", true)], "Throws when the resolved expression is falsy."),
        new("log", [P("...args", "any")], "Prints the resolved arguments."),
        new("debug", [P("...args", "any")], "Prints the resolved arguments at debug level."),
        new("sourceValue", [P("path", "string")], "Reference: the first JSONPath match in state.", OperationKind.Utility),
        new("source", [P("path", "string")], "Reference: every JSONPath match in state.", OperationKind.Utility),
        new("dataPath", [P("path", "string")], "Prefixes a path with $.data.", OperationKind.Utility),
        new("dataValue", [P("path", "string")], "Reference: the first match under state.data.", OperationKind.Utility),
        new("referencePath", [P("path", "string")], "Prefixes a path with $.references.", OperationKind.Utility),
        new("lastReferenceValue", [P("path", "string")], "Reference: the first match in references[0] (the oldest).", OperationKind.Utility),
        new("jsonValue", [P("obj", "object"), P("path", "string")], "The first JSONPath match inside any object.", OperationKind.Utility),
        new("asData", [P("data", "string | object | function"), P("state", "object")], "Resolves a path, value or function against state.", OperationKind.Utility),
        new("field", [P("key", "string"), P("value", "any")], "Returns the pair [key, value].", OperationKind.Utility),
        new("fields", [P("...fields", "[key, value]")], "Builds an object from pairs.", OperationKind.Utility),
        new("merge", [P("dataSource", "string"), P("fields", "object")], "Reference: every item at the path merged with the resolved fields.", OperationKind.Utility),
        new("join", [P("targetPath", "string"), P("sourcePath", "string"), P("targetKey", "string")], "Reference: every target item given targetKey from sourcePath.", OperationKind.Utility),
        new("index", [], "Reference: state.index (inside each).", OperationKind.Utility),
        new("composeNextState", [P("state", "object"), P("data", "any")], "A copy of state with data replaced and the old data appended to references.", OperationKind.Utility),
        new("arrayToString", [P("arr", "array"), P("separator", "string")], "Joins an array (or array-like) with the separator.", OperationKind.Utility),
        new("toArray", [P("arg", "any")], "Wraps a non-array in an array.", OperationKind.Utility),
        new("chunk", [P("array", "array"), P("chunkSize", "number")], "Splits an array into slices of at most chunkSize.", OperationKind.Utility),
        new("splitKeys", [P("obj", "object"), P("keys", "string[]")], "Returns [objWithoutKeys, objWithOnlyKeys].", OperationKind.Utility),
        new("humanProper", [P("str", "string")], "Title-cases words, turning _ and - into spaces.", OperationKind.Utility),
        new("scrubEmojis", [P("text", "string"), P("replacementChars", "string", true)], "Replaces emoji characters (default U+FFFD).", OperationKind.Utility),
        new("execute", [P("...operations", "Operation")], "Chains operations into one (state) => Promise<state>.", OperationKind.Utility),
        new("dateFns", [], "date-fns format and parse.", OperationKind.Utility),
        new("beta", [], "beta.each: like each, but restores data afterwards.", OperationKind.Utility),
        new("util", [], "Helpers: expandReferences, encode, decode, uuid, parseDate, throwError, makeBasicAuthHeader, parseUrl …", OperationKind.Utility),
    ];

    public static IReadOnlyList<string> Exports { get; } = Descriptors.Select(d => d.Name).ToArray();

    public string Name => "common";
    public string PackageName => "@openfn/language-common";
    public IReadOnlyList<string> Versions { get; } = ["3.3.4"];
    public IAdaptor Adaptor => this;
    public string Version => "3.3.4";
    public IReadOnlyList<OperationDescriptor> Operations => Descriptors;
    public IReadOnlyList<string> CommonExports => Exports;
    public string JsModule => "(function (common, host) { return {}; })";

    public IAdaptorVersion Resolve(string? versionSpec) => this;

    public IAdaptorSession OpenSession(AdaptorContext context) => new NoIoSession();

    private sealed class NoIoSession : IAdaptorSession
    {
        public Task<JsonNode?> InvokeAsync(string name, JsonArray args, JsonObject? configuration, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"language-common has no host operation '{name}'");

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
