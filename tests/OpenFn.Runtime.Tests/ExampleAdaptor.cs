using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using OpenFn.Adaptors.Common;

namespace OpenFn.Runtime.Tests;

/// <summary>
/// A small adaptor that shows the whole adaptor interface: declared operations, a JavaScript module that resolves lazy
/// arguments with language-common's rule and calls the host, execute hooks (login before the first operation,
/// clean-up after the last), and a session doing the "I/O" (recorded here), logging and failing with AdaptorException.
/// </summary>
internal sealed class ExampleAdaptor : IAdaptor, IAdaptorVersion
{
    public List<(string Name, string Args, string? Configuration)> Calls { get; } = [];

    public string Name => "example";
    public string PackageName => "@openfn/language-example";
    public IReadOnlyList<string> Versions { get; } = ["1.0.0"];
    public IAdaptor Adaptor => this;
    public string Version => "1.0.0";

    public IReadOnlyList<OperationDescriptor> Operations { get; } =
    [
        new("getRecord", [new("id", "string | (state) => string"), new("options", "object", Optional: true)], "Fetches a record and appends it to references."),
        new("failWith", [new("status", "number")], "Makes the system answer with an error status."),
    ];

    public IReadOnlyList<string> CommonExports { get; } = ["fn", "each", "dataValue", "composeNextState", "fnIf"];

    public string JsModule => """
        (function (common, host) {
          function getRecord(id, options) {
            return state => {
              const resolvedId = common.expandReferences(state, id);
              const resolvedOptions = common.expandReferences(state, options || {});
              const record = host.invoke('getRecord', [resolvedId, resolvedOptions], state.configuration);
              console.log('fetched record ' + resolvedId);
              return common.composeNextState(state, record);
            };
          }
          function failWith(status) {
            return state => {
              host.invoke('fail', [status], state.configuration);
              return state;
            };
          }
          return {
            getRecord,
            failWith,
            execute: {
              before: state => ({ references: [], data: null, ...state, session: host.invoke('login', [], state.configuration) }),
              after: state => { delete state.session; return state; },
            },
          };
        })
        """;

    public IAdaptorVersion Resolve(string? versionSpec) => this;

    public IAdaptorSession OpenSession(AdaptorContext context) => new Session(this, context);

    private sealed class Session(ExampleAdaptor adaptor, AdaptorContext context) : IAdaptorSession
    {
        public Task<JsonNode?> InvokeAsync(string name, JsonArray args, JsonObject? configuration, CancellationToken cancellationToken)
        {
            lock (adaptor.Calls)
                adaptor.Calls.Add((name, args.ToJsonString(), configuration?.ToJsonString()));
            switch (name)
            {
                case "login":
                    context.Logger.LogInformation("logging in as {User} with {Password}", configuration?["username"], configuration?["password"]);
                    return Task.FromResult<JsonNode?>("token-1");
                case "getRecord":
                    return Task.FromResult<JsonNode?>(new JsonObject { ["id"] = args[0]?.DeepClone(), ["options"] = args[1]?.DeepClone() });
                case "fail":
                    var status = args[0]!.GetValue<int>();
                    throw new AdaptorException($"GET to https://example.org/records returned {status}: Not Found",
                        new JsonObject { ["statusCode"] = status, ["url"] = "https://example.org/records", ["method"] = "GET" });
                case "ignore-cancellation":
                    return new TaskCompletionSource<JsonNode?>().Task;
                case "hang":
                    return Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith<JsonNode?>(_ => null, cancellationToken);
                default:
                    throw new InvalidOperationException($"no operation {name}");
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
