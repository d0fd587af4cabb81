using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Function;
using Jint.Native.Json;
using Jint.Runtime;
using Jint.Runtime.Interop;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenFn.Adaptors.Common;
using OpenFn.Compiler;

namespace OpenFn.Runtime;

/// <summary>What one step run needs: the job, its adaptor and its input state (configuration included).</summary>
public sealed record StepRequest(JobSource Job, string AdaptorSpecifier, JsonObject Input, string StepId = "job-1");

public sealed record StepOutcome(JsonNode? Output, string? Error);

/// <summary>Runs one job on a fresh engine: compile, register operations, run them in order.</summary>
public sealed class StepRunner(AdaptorRegistry adaptors, JobCompiler compiler, EngineLimits limits, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public async Task<StepOutcome> RunAsync(StepRequest request, CancellationToken cancellationToken = default)
    {
        var adaptor = adaptors.Resolve(request.AdaptorSpecifier);
        var exports = adaptor.Operations.Select(o => o.Name).Concat(adaptor.CommonExports).ToArray();
        var compiled = compiler.Compile(request.Job, new CompileOptions { AdaptorExports = exports });
        if (!compiled.Success)
            return new StepOutcome(null, string.Join("\n", compiled.Diagnostics));

        var scrubber = SecretScrubber.FromConfigurations(request.Input["configuration"]);
        await using var session = adaptor.OpenSession(new AdaptorContext { Logger = _logger, Scrubber = scrubber, StepId = request.StepId });
        var engine = JobEngineFactory.Create(limits, TimeZoneInfo.Utc, cancellationToken);

        var common = engine.Evaluate(RuntimeScripts.Common).AsFunctionInstance().Call();
        var host = new JsObject(engine);
        host.Set("invoke", new ClrFunction(engine, "invoke", (_, args) =>
        {
            var name = args.At(0).AsString();
            var jsonArgs = (JsonArray)JsonNode.Parse(new JsonSerializer(engine).Serialize(args.At(1)).AsString())!;
            var configurationJson = args.At(2).IsObject() ? new JsonSerializer(engine).Serialize(args.At(2)).AsString() : null;
            var configuration = configurationJson is null ? null : JsonNode.Parse(configurationJson) as JsonObject;
            var result = session.InvokeAsync(name, jsonArgs, configuration, cancellationToken).GetAwaiter().GetResult();
            return result is null ? JsValue.Undefined : new JsonParser(engine).Parse(result.ToJsonString());
        }));
        foreach (var key in common.AsObject().GetOwnPropertyKeys())
            engine.SetValue(key.AsString(), common.Get(key));
        var module = engine.Evaluate(adaptor.JsModule).AsFunctionInstance().Call(JsValue.Undefined, [common, host]);
        foreach (var key in module.AsObject().GetOwnPropertyKeys())
            engine.SetValue(key.AsString(), module.Get(key));

        var operations = new List<JsValue>();
        engine.SetValue(CompiledJob.OperationSink, new ClrFunction(engine, CompiledJob.OperationSink, (_, args) =>
        {
            operations.Add(args.At(1));
            return JsValue.Undefined;
        }));
        var state = new JsonParser(engine).Parse(request.Input.ToJsonString());
        engine.SetValue("state", state);
        engine.Execute(compiled.Job!.Prepared);

        foreach (var operation in operations)
        {
            if (operation is not Function function)
                return new StepOutcome(null, "Invalid operation: a top-level call did not return a function");
            state = function.Call(JsValue.Undefined, [state]).UnwrapIfPromise(cancellationToken);
        }
        if (state.IsObject())
            state.AsObject().RemoveOwnProperty("configuration");
        var output = state.IsUndefined() ? null : JsonNode.Parse(new JsonSerializer(engine).Serialize(state).AsString());
        return new StepOutcome(output, null);
    }
}

internal static class RuntimeScripts
{
    public static string Common { get; } = Load("common.js");

    private static string Load(string name)
    {
        using var stream = typeof(RuntimeScripts).Assembly.GetManifestResourceStream("OpenFn.Runtime.Js." + name)
            ?? throw new InvalidOperationException($"Missing embedded script {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
