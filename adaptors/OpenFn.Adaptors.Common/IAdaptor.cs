using System.Text.Json.Nodes;

namespace OpenFn.Adaptors.Common;

/// <summary>
/// An adaptor package (for example <c>@openfn/language-http</c>) and the package versions whose
/// behaviour it reproduces. Adaptors know JSON and HTTP; they never see the JavaScript engine.
/// </summary>
public interface IAdaptor
{
    /// <summary>Short name used in job specs: <c>http</c>, <c>primero</c>.</summary>
    string Name { get; }

    /// <summary>npm package name it emulates: <c>@openfn/language-http</c>.</summary>
    string PackageName { get; }

    /// <summary>The exact versions this adaptor reproduces, oldest first.</summary>
    IReadOnlyList<string> Versions { get; }

    /// <summary>
    /// Picks the emulated version for a version spec: an exact version, a major (<c>4</c>),
    /// a major.minor, <c>latest</c> or null (newest). Throws <see cref="AdaptorResolutionException"/>.
    /// </summary>
    IAdaptorVersion Resolve(string? versionSpec);
}

/// <summary>One emulated version of an adaptor: what a job may call and how those calls behave.</summary>
public interface IAdaptorVersion
{
    IAdaptor Adaptor { get; }

    string Version { get; }

    /// <summary>
    /// The adaptor's own operations and utilities, with signature and a one-line doc.
    /// The compiler resolves job identifiers against these plus <see cref="CommonExports"/>.
    /// </summary>
    IReadOnlyList<OperationDescriptor> Operations { get; }

    /// <summary>Names of language-common functions this version re-exports (they are implemented by the runtime).</summary>
    IReadOnlyList<string> CommonExports { get; }

    /// <summary>
    /// JavaScript source of the adaptor's job-facing module: a single function expression
    /// <c>(function (common, host) { ...; return { get, post, ... }; })</c>. The runtime calls it once per
    /// step run with language-common helpers and the host bridge (<see cref="IAdaptorSession"/>), and installs
    /// the returned object's members as globals. An optional <c>execute</c> member
    /// <c>{ before(state), after(state) }</c> runs before the first and after the last operation.
    /// </summary>
    string JsModule { get; }

    /// <summary>Opens the per-step-run session that performs the adaptor's I/O.</summary>
    IAdaptorSession OpenSession(AdaptorContext context);
}

/// <summary>
/// The I/O half of an adaptor for one step run. The JavaScript module calls <c>host.invoke(name, args, configuration)</c>;
/// the runtime converts the arguments to JSON and calls <see cref="InvokeAsync"/>, then converts the result back.
/// Sessions keep per-run data such as login tokens and cookies, which therefore never enter state.
/// </summary>
public interface IAdaptorSession : IAsyncDisposable
{
    Task<JsonNode?> InvokeAsync(string name, JsonArray args, JsonObject? configuration, CancellationToken cancellationToken);
}

public sealed record OperationParameter(string Name, string Type, bool Optional = false, string Doc = "");

/// <summary>A callable export of an adaptor, as listed by <c>openfn adaptors docs</c>.</summary>
public sealed record OperationDescriptor(
    string Name,
    IReadOnlyList<OperationParameter> Parameters,
    string Doc,
    OperationKind Kind = OperationKind.Operation)
{
    public string Signature => $"{Name}({string.Join(", ", Parameters.Select(p => p.Optional ? p.Name + "?" : p.Name))})";
}

public enum OperationKind
{
    /// <summary>Returns an operation (a function of state).</summary>
    Operation,

    /// <summary>A plain helper function or value (for example <c>dataPath</c>, <c>util</c>).</summary>
    Utility,
}

public sealed class AdaptorResolutionException(string message) : Exception(message);
