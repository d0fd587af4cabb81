using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenFn.Compiler;

namespace OpenFn.Runtime.Execution;

/// <summary>A thrown JavaScript value as the runtime's <c>describeError</c> reports it.</summary>
internal sealed record ThrownDescription(JsonObject Raw)
{
    public string Kind => Text("kind") ?? "undefined";
    public string? ConstructorName => Text("constructorName");
    public string? Message => Text("message");
    public string? Stack => Text("stack");
    public string? Severity => Text("severity");
    public bool FromAdaptorHost => Raw["adaptor"]?.GetValue<bool>() == true;
    public JsonNode? Fix => Raw["fix"];
    public JsonNode? Details => Raw["details"];
    public JsonObject Properties => Raw["props"] as JsonObject ?? [];

    private string? Text(string key) => Raw[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

/// <summary>
/// Turns what a job threw into OpenFn's error (§2.7): <c>AdaptorError</c> when it came from adaptor or language-common
/// code inside an operation, <c>RuntimeError</c> for TypeError/RangeError, <c>RuntimeCrash</c> for
/// ReferenceError/SyntaxError (or anything marked crash), <c>SecurityError</c> for eval, <c>JobError</c> otherwise.
/// Positions are those of the job file, mapped back from the compiled code.
/// </summary>
internal sealed partial class ErrorClassifier(CompiledJob job, string stepLabel)
{
    private readonly string[] _sourceLines = job.Source.Text.Split('\n');
    private Dictionary<(int Line, int Column), int>? _methodCalls;

    [GeneratedRegex(@"^\s*at (?:[^()]*? \()?(?<source>.+?):(?<line>\d+):(?<column>\d+)\)?\s*$")]
    private static partial Regex FramePattern();

    [GeneratedRegex("RangeError|TypeError")]
    private static partial Regex RuntimeErrorPattern();

    [GeneratedRegex("ReferenceError|SyntaxError")]
    private static partial Regex CrashPattern();

    [GeneratedRegex(@"^Cannot read property '(?<key>.*)' of (?<value>undefined|null)$")]
    private static partial Regex ReadPropertyMessage();

    [GeneratedRegex(@"^(?<name>\S+) has not been initialized$")]
    private static partial Regex UninitializedMessage();

    /// <summary>The message Jint uses when a job calls eval or new Function, which OpenFn treats as a security violation.</summary>
    private const string StringCompilationMessage = "String compilation has been disabled in engine options";

    /// <summary>Classifies an error; <paramref name="operationIndex"/> is set when it escaped a (wrapped) operation.</summary>
    public StepFailure Classify(ThrownDescription error, int? operationIndex)
    {
        var frames = Frames(error.Stack);
        error = error with { Raw = WithV8Message(error.Raw) };
        if (error.Message == StringCompilationMessage)
            return Simple("SecurityError", ErrorSeverity.Kill, "Illegal eval statement detected");
        if (operationIndex is { } index && (error.FromAdaptorHost || IsFromLibrary(frames)))
            return AdaptorError(error, frames, index);

        var constructorName = error.ConstructorName ?? "";
        if (error.Kind == "object" && RuntimeErrorPattern().IsMatch(constructorName))
            return Runtime("RuntimeError", ErrorSeverity.Fail, constructorName, error, frames);
        if (error.Severity == "crash" || CrashPattern().IsMatch(constructorName))
            return Runtime("RuntimeCrash", ErrorSeverity.Crash, constructorName, error, frames);
        if (constructorName == "EvalError")
            return Simple("SecurityError", ErrorSeverity.Kill, "Illegal eval statement detected");
        return Simple("JobError", ErrorSeverity.Fail, error.Message ?? "");
    }

    /// <summary>Rewrites the engine's wording of the commonest errors to V8's, which is what OpenFn users see and search for.</summary>
    private static JsonObject WithV8Message(JsonObject raw)
    {
        if (raw["message"] is not JsonValue value || !value.TryGetValue<string>(out var message))
            return raw;
        var rewritten = ReadPropertyMessage().Replace(message, "Cannot read properties of ${value} (reading '${key}')");
        rewritten = UninitializedMessage().Replace(rewritten, "Cannot access '${name}' before initialization");
        if (rewritten == message)
            return raw;
        var copy = (JsonObject)raw.DeepClone();
        copy["message"] = rewritten;
        return copy;
    }

    /// <summary>A top-level call that did not produce an operation (OpenFn's InvalidOperationError, reported as a crash).</summary>
    public StepFailure InvalidOperation(int index)
    {
        const string fix = "Ensure all top-level function or method calls are wrapped in an operation, like fn()";
        var site = job.Operations.FirstOrDefault(o => o.Index == index);
        var serialized = new JsonObject
        {
            ["source"] = "runtime",
            ["name"] = "RuntimeCrash",
            ["fix"] = fix,
            ["severity"] = "crash",
            ["subtype"] = "InvalidOperationError",
            ["message"] = $"InvalidOperationError: Invalid operation at statement {index}",
        };
        return new StepFailure
        {
            Name = "RuntimeCrash",
            Severity = ErrorSeverity.Crash,
            Subtype = "InvalidOperationError",
            Message = $"InvalidOperationError: Invalid operation at statement {index}",
            Fix = fix,
            Line = site?.Line,
            Column = site?.Column,
            SourceLine = site?.SourceLine,
            Serialized = serialized,
        };
    }

    /// <summary>An error with no position: timeouts, limits, security.</summary>
    public static StepFailure Simple(string name, ErrorSeverity severity, string message, string? subtype = null)
    {
        var serialized = new JsonObject { ["source"] = "runtime", ["name"] = name, ["severity"] = SeverityName(severity) };
        if (subtype is not null)
            serialized["subtype"] = subtype;
        serialized["message"] = message;
        return new StepFailure { Name = name, Severity = severity, Message = message, Subtype = subtype, Serialized = serialized };
    }

    public static string SeverityName(ErrorSeverity severity) => severity switch
    {
        ErrorSeverity.Crash => "crash",
        ErrorSeverity.Kill => "kill",
        _ => "fail",
    };

    private StepFailure Runtime(string name, ErrorSeverity severity, string subtype, ThrownDescription error, IReadOnlyList<Frame> frames)
    {
        var message = $"{subtype}: {error.Message ?? "undefined"}";
        // OpenFn takes the first frame's position and maps it through the job's source map: a frame outside the job
        // maps to nothing, giving { line: null, column: null }.
        var position = frames.Count > 0 && IsJob(frames[0]) ? Position(frames[0]) : null;
        var serialized = new JsonObject { ["source"] = "runtime", ["name"] = name };
        if (position is null && frames.Count > 0)
        {
            serialized["pos"] = new JsonObject { ["line"] = null, ["column"] = null };
            serialized["step"] = stepLabel;
        }
        AddPosition(serialized, position);
        if (severity == ErrorSeverity.Crash)
        {
            if (error.Fix is not null)
                serialized["fix"] = error.Fix.DeepClone();
            if (error.Details is not null)
                serialized["details"] = error.Details.DeepClone();
        }
        serialized["severity"] = SeverityName(severity);
        serialized["subtype"] = subtype;
        serialized["message"] = message;
        return new StepFailure
        {
            Name = name,
            Severity = severity,
            Subtype = subtype,
            Message = message,
            Line = position?.Line,
            Column = position?.Column,
            SourceLine = position?.Source,
            Fix = error.Fix is JsonValue fix && fix.TryGetValue<string>(out var text) ? text : null,
            Serialized = serialized,
        };
    }

    private StepFailure AdaptorError(ThrownDescription error, IReadOnlyList<Frame> frames, int operationIndex)
    {
        var message = error.Message ?? "";
        var jobFrame = frames.FirstOrDefault(IsJob);
        var position = jobFrame is null ? null : Position(jobFrame);
        var site = jobFrame is null ? job.Operations.FirstOrDefault(o => o.Index == operationIndex) : null;
        var details = new JsonObject { ["message"] = error.Message };
        foreach (var (key, value) in error.Properties)
            details[key] = value?.DeepClone();

        var serialized = new JsonObject { ["source"] = "runtime", ["name"] = "AdaptorError" };
        AddPosition(serialized, position);
        serialized["details"] = details;
        serialized["severity"] = "fail";
        serialized["message"] = message;
        if (site is not null)
        {
            serialized["line"] = site.Line;
            serialized["operationName"] = site.Name;
        }
        return new StepFailure
        {
            Name = "AdaptorError",
            Severity = ErrorSeverity.Fail,
            Message = message,
            Line = position?.Line,
            Column = position?.Column,
            SourceLine = position?.Source,
            OperationName = site?.Name,
            OperationLine = site?.Line,
            Serialized = serialized,
        };
    }

    private void AddPosition(JsonObject serialized, SourcePosition? position)
    {
        if (position is null)
            return;
        serialized["pos"] = new JsonObject { ["line"] = position.Line, ["column"] = position.Column, ["src"] = position.Source };
        serialized["step"] = stepLabel;
    }

    private sealed record Frame(string Source, int Line, int Column);

    private sealed record SourcePosition(int Line, int Column, string Source);

    private static List<Frame> Frames(string? stack)
    {
        var frames = new List<Frame>();
        if (string.IsNullOrEmpty(stack))
            return frames;
        foreach (var text in stack.Split('\n'))
        {
            var match = FramePattern().Match(text);
            if (match.Success)
                frames.Add(new Frame(match.Groups["source"].Value, int.Parse(match.Groups["line"].Value), int.Parse(match.Groups["column"].Value)));
        }
        return frames;
    }

    private bool IsJob(Frame frame) => frame.Source == job.Source.FileName;

    /// <summary>OpenFn's rule: the first frame that is the job's or a library's decides; runtime frames end the search.</summary>
    private bool IsFromLibrary(IReadOnlyList<Frame> frames)
    {
        foreach (var frame in frames)
        {
            if (frame.Source == RuntimeScripts.RuntimeSource)
                return false;
            if (IsJob(frame))
                return false;
            return true;
        }
        return false;
    }

    private SourcePosition Position(Frame frame)
    {
        // The engine reports a call at the start of its callee; V8 (and so OpenFn) at the called method's name.
        _methodCalls ??= job.Prepared.Program is { } program ? MethodCalls(program) : [];
        var compiledColumn = _methodCalls.TryGetValue((frame.Line, frame.Column), out var property) ? property : frame.Column;
        var column = job.Positions.ToOriginalColumn(frame.Line, compiledColumn);
        var source = frame.Line >= 1 && frame.Line <= _sourceLines.Length ? _sourceLines[frame.Line - 1].TrimEnd('\r') : "";
        return new SourcePosition(frame.Line, column, source);
    }

    /// <summary>Start of every call whose callee is <c>object.method</c>, mapped to the start of <c>method</c> (1-based columns).</summary>
    private static Dictionary<(int Line, int Column), int> MethodCalls(Acornima.Ast.Node root)
    {
        var calls = new Dictionary<(int Line, int Column), int>();
        var pending = new Stack<Acornima.Ast.Node>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node is Acornima.Ast.CallExpression { Callee: Acornima.Ast.MemberExpression { Computed: false } member } call)
            {
                var start = call.Location.Start;
                var property = member.Property.Location.Start;
                if (property.Line == start.Line)
                    calls.TryAdd((start.Line, start.Column + 1), property.Column + 1);
            }
            foreach (var child in node.ChildNodes)
                pending.Push(child);
        }
        return calls;
    }
}
