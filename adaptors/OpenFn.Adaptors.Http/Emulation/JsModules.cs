using System.Reflection;
using System.Text.Json;

namespace OpenFn.Adaptors.Http.Emulation;

/// <summary>Loads the adaptors' JavaScript modules, which ship as embedded resources next to the C# that serves them.</summary>
public static class JsModules
{
    public static string Load(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Missing embedded JavaScript module {resourceName}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Wraps a module written as <c>(function (common, host, version) { … })</c> into the
    /// <c>(function (common, host) { … })</c> form the runtime expects, fixing the version argument.
    /// </summary>
    public static string ForVersion(string source, string version) =>
        $"(function (common, host) {{ return (\n{source.Trim().TrimEnd(';')}\n)(common, host, {JsonSerializer.Serialize(version)}); }})";
}
