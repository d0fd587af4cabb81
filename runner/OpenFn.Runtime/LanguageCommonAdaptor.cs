using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;

namespace OpenFn.Runtime;

/// <summary><c>@openfn/language-common</c>: pure logic implemented by the runtime's JavaScript prelude; no I/O.</summary>
public sealed class LanguageCommonAdaptor : IAdaptor, IAdaptorVersion
{
    public static readonly IReadOnlyList<string> Exports = ["fn", "alterState"];

    public string Name => "common";
    public string PackageName => "@openfn/language-common";
    public IReadOnlyList<string> Versions { get; } = ["3.3.4"];
    public IAdaptor Adaptor => this;
    public string Version => "3.3.4";
    public IReadOnlyList<OperationDescriptor> Operations { get; } = [];
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
