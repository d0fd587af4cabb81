using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http.Current;
using OpenFn.Adaptors.Http.Emulation;
using OpenFn.Adaptors.Http.Legacy;

namespace OpenFn.Adaptors.Http;

/// <summary>
/// <c>@openfn/language-http</c>: 4.2.8 (the axios-era API the unicef-cambodia jobs use; stands for 3.x–5.x) and
/// 7.2.10 (the current API), chosen by the version a step names.
/// </summary>
public sealed class HttpAdaptor : EmulatedAdaptor
{
    /// <summary>language-common names http 7.2.10 re-exports (openfn-semantics §3.2).</summary>
    public static readonly IReadOnlyList<string> CurrentCommonExports =
    [
        "alterState", "arrayToString", "as", "chunk", "combine", "cursor", "dataPath", "dataValue", "dateFns", "each",
        "field", "fields", "fn", "fnIf", "group", "humanProper", "lastReferenceValue", "map", "merge", "parseCsv",
        "scrubEmojis", "sourceValue", "splitKeys", "toArray",
    ];

    /// <summary>language-common (1.x) names http 4.x re-exports.</summary>
    public static readonly IReadOnlyList<string> LegacyCommonExports =
    [
        "alterState", "arrayToString", "combine", "dataPath", "dataValue", "each", "field", "fields", "fn",
        "lastReferenceValue", "merge", "sourceValue",
    ];

    public HttpAdaptor()
    {
        var assembly = typeof(HttpAdaptor).Assembly;
        Add(new EmulatedVersion(this, "4.2.8", 3, 5, LegacyOperations, LegacyCommonExports,
            JsModules.Load(assembly, "OpenFn.Adaptors.Http.Js.http-4.js"), context => new LegacyHttpSession(context)));
        Add(new EmulatedVersion(this, "7.2.10", 7, 7, CurrentOperations, CurrentCommonExports,
            JsModules.Load(assembly, "OpenFn.Adaptors.Http.Js.http-7.js"), context => new CurrentHttpSession(context)));
    }

    public override string Name => "http";

    public override string PackageName => "@openfn/language-http";

    private static readonly OperationParameter Path = new("path", "string", Doc: "URL, or a path joined to configuration.baseUrl");
    private static readonly OperationParameter Options = new("options", "object", true, "headers, query, contentType, errors, parseAs, timeout, maxRedirections");
    private static readonly OperationParameter Data = new("data", "any", true, "request body: object → JSON, string → as is");
    private static readonly OperationParameter Params = new("params", "object", true, "headers, query, body, keepCookie, auth, options.successCodes, transformResponse");
    private static readonly OperationParameter Callback = new("callback", "function", true, "called with the next state; may be another operation");

    private static readonly IReadOnlyList<OperationDescriptor> CurrentOperations =
    [
        new("request", [new("method", "string"), Path, Options], "Sends an HTTP request; response body on state.data, metadata on state.response."),
        new("get", [Path, Options], "GET request; the parsed response body becomes state.data."),
        new("post", [Path, Data, Options], "POST request with data as the body (JSON by default)."),
        new("put", [Path, Data, Options], "PUT request with data as the body (JSON by default)."),
        new("patch", [Path, Data, Options], "PATCH request with data as the body (JSON by default)."),
        new("del", [Path, Options], "DELETE request."),
        new("util", [], "Helpers: CONTENT_TYPES plus language-common's util (encode, decode, uuid…).", OperationKind.Utility),
    ];

    private static readonly IReadOnlyList<OperationDescriptor> LegacyOperations =
    [
        new("get", [Path, Params, Callback], "GET request (axios); keepCookie puts cookies and headers on state.data."),
        new("post", [Path, Params, Callback], "POST request (axios); the body comes from params.body / params.data / params.json."),
        new("put", [Path, Params, Callback], "PUT request (axios)."),
        new("patch", [Path, Params, Callback], "PATCH request (axios)."),
        new("del", [Path, Params, Callback], "DELETE request (axios)."),
    ];
}
