using System.Text.Json.Nodes;
using OpenFn.Adaptors.Common;
using OpenFn.Compiler;
using OpenFn.Runtime;

namespace OpenFn.Adaptors.Tests.Support;

/// <summary>
/// Runs a job through the runtime's <see cref="StepRunner"/> with the adaptor's sessions wired to the harness
/// (MockHttp, logger, clock), keeping the scrubber the runtime builds.
/// </summary>
public static class JobRunner
{
    public static Task<StepOutcome> RunAsync(AdaptorHarness harness, IAdaptor adaptor, string specifier, string job, JsonObject input)
    {
        var runner = new StepRunner(new AdaptorRegistry([new HarnessAdaptor(adaptor, harness)]), new JobCompiler(), new EngineLimits());
        return runner.RunAsync(new StepRequest(new JobSource("job.js", job), specifier, input));
    }

    private sealed class HarnessAdaptor(IAdaptor inner, AdaptorHarness harness) : IAdaptor
    {
        public string Name => inner.Name;

        public string PackageName => inner.PackageName;

        public IReadOnlyList<string> Versions => inner.Versions;

        public IAdaptorVersion Resolve(string? versionSpec) => new HarnessVersion(this, inner.Resolve(versionSpec), harness);
    }

    private sealed class HarnessVersion(IAdaptor adaptor, IAdaptorVersion inner, AdaptorHarness harness) : IAdaptorVersion
    {
        public IAdaptor Adaptor => adaptor;

        public string Version => inner.Version;

        public IReadOnlyList<OperationDescriptor> Operations => inner.Operations;

        public IReadOnlyList<string> CommonExports => inner.CommonExports;

        public string JsModule => inner.JsModule;

        public IAdaptorSession OpenSession(AdaptorContext context)
        {
            var wired = harness.Context([]);
            return inner.OpenSession(new AdaptorContext { Logger = wired.Logger, Scrubber = context.Scrubber, StepId = context.StepId, Http = wired.Http });
        }
    }
}
