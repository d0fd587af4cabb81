using Microsoft.Extensions.Logging;
using OpenFn.Adaptors.Common;
using OpenFn.Compiler;

namespace OpenFn.Runtime.Tests;

/// <summary>Runners wired the way the product wires them, for tests.</summary>
internal static class TestRuntime
{
    public static StepRunner StepRunner(EngineLimits? limits = null, params IAdaptor[] adaptors) => StepRunner(limits, null, adaptors);

    public static StepRunner StepRunner(EngineLimits? limits, ILogger? logger, params IAdaptor[] adaptors) =>
        new(new AdaptorRegistry([new LanguageCommonAdaptor(), .. adaptors]), new JobCompiler(), limits ?? new EngineLimits(), logger);
}
