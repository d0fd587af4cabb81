using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Acornima.Ast;
using Jint;

namespace OpenFn.Runtime.Execution;

/// <summary>The runtime's embedded JavaScript, parsed once per process, and the adaptor modules, parsed once per text.</summary>
internal static class RuntimeScripts
{
    /// <summary>Source name of the runtime's own helpers in stack traces.</summary>
    public const string RuntimeSource = "@openfn/runtime";

    /// <summary>Source name of language-common (and the libraries it bundles) in stack traces.</summary>
    public const string CommonSource = "@openfn/language-common";

    private static readonly ConcurrentDictionary<string, Prepared<Script>> AdaptorModules = new();

    public static Prepared<Script> Runtime { get; } = Prepare("runtime.js", RuntimeSource);
    public static Prepared<Script> JsonPath { get; } = Prepare("jsonpath.js", CommonSource);
    public static Prepared<Script> DateFns { get; } = Prepare("datefns.js", CommonSource);
    public static Prepared<Script> Common { get; } = Prepare("common.js", CommonSource);

    /// <summary>
    /// An adaptor's <c>(function (common, host) { … })</c> wrapped so that its free <c>console</c> is the adaptor logger:
    /// evaluating the script gives <c>function (console) → module function</c>.
    /// </summary>
    public static Prepared<Script> AdaptorModule(string packageName, string jsModule)
    {
        var key = packageName + "\0" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(jsModule)));
        // The module text starts on the wrapper's first line, so its line numbers are unchanged in stack traces.
        return AdaptorModules.GetOrAdd(key, _ => Engine.PrepareScript("(function (console) { 'use strict'; return (" + jsModule.Trim().TrimEnd(';') + "\n); })", packageName, strict: true));
    }

    private static Prepared<Script> Prepare(string file, string sourceName) =>
        Engine.PrepareScript(Load(file), sourceName, strict: true);

    private static string Load(string name)
    {
        using var stream = typeof(RuntimeScripts).Assembly.GetManifestResourceStream("OpenFn.Runtime.Js." + name)
            ?? throw new InvalidOperationException($"Missing embedded script {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
