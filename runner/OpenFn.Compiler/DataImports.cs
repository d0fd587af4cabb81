using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Acornima.Ast;

namespace OpenFn.Compiler;

/// <summary>
/// <c>import serviceMap from './data/service-map.json';</c> — a job's lookup tables live in JSON files next to it, so
/// administrators change data, not code. The compiler inlines the file as <c>const serviceMap = JSON.parse("…");</c> on
/// the import's own line. Only relative paths inside <see cref="CompileOptions.DataRoot"/> (default: the job's folder)
/// are allowed, so a job cannot read the runner's credentials file or anything else on the host.
/// (An addition to OpenFn, whose jobs can import only adaptors.)
/// </summary>
internal static partial class DataImports
{
    public static bool IsDataImport(ImportDeclaration import) =>
        import.Source.Value is string path && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && path.StartsWith('.');

    /// <summary>Replaces the import with a constant holding the file's JSON, or reports why it cannot.</summary>
    public static void Inline(ParsedJob job, ImportDeclaration import, SourceEdits edits, CompileOptions options, List<CompileDiagnostic> diagnostics)
    {
        var relative = (string)import.Source.Value!;
        if (import.Specifiers is not [ImportDefaultSpecifier specifier])
        {
            diagnostics.Add(At(job, import, $"a data file is imported with one default name, e.g. import table from '{relative}'"));
            return;
        }
        if (Resolve(job.Source, relative, options) is not { } path)
        {
            diagnostics.Add(At(job, import.Source, $"data file '{relative}' must be inside {DataRoot(job.Source, options)}"));
            return;
        }
        if (!File.Exists(path))
        {
            diagnostics.Add(At(job, import.Source, $"data file '{relative}' not found (looked for {path})"));
            return;
        }
        string compact;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            compact = JsonSerializer.Serialize(document.RootElement);
        }
        catch (JsonException e)
        {
            diagnostics.Add(At(job, import.Source, $"data file '{relative}' is not valid JSON: {e.Message}"));
            return;
        }
        edits.Replace(import.Start, import.End, $"const {specifier.Local.Name} = JSON.parse({JsonSerializer.Serialize(compact)});");
    }

    /// <summary>Content hash of every data file the text may import, for the compile cache key.</summary>
    public static string Fingerprint(JobSource source, CompileOptions options)
    {
        if (!source.Text.Contains(".json", StringComparison.OrdinalIgnoreCase))
            return string.Empty;
        var fingerprint = new StringBuilder();
        foreach (Match match in JsonPathLiteral().Matches(source.Text))
        {
            if (Resolve(source, match.Groups[1].Value, options) is { } path && File.Exists(path))
                fingerprint.Append(path).Append('=').Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))).Append(';');
        }
        return fingerprint.ToString();
    }

    private static string? Resolve(JobSource source, string relative, CompileOptions options)
    {
        var root = DataRoot(source, options);
        var jobFolder = Path.GetDirectoryName(Path.GetFullPath(source.FileName)) ?? root;
        var path = Path.GetFullPath(Path.Combine(jobFolder, relative));
        var rootWithSeparator = Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar;
        return path.StartsWith(rootWithSeparator, StringComparison.Ordinal) ? path : null;
    }

    private static string DataRoot(JobSource source, CompileOptions options) =>
        Path.GetFullPath(options.DataRoot ?? Path.GetDirectoryName(Path.GetFullPath(source.FileName)) ?? Directory.GetCurrentDirectory());

    private static CompileDiagnostic At(ParsedJob job, Node node, string message) =>
        CompileDiagnostic.At(job.Source, node.Location.Start.Line, node.Location.Start.Column, DiagnosticCodes.Unsupported, message);

    [GeneratedRegex("""['"](\.{1,2}/[^'"\r\n]+\.json)['"]""", RegexOptions.IgnoreCase)]
    private static partial Regex JsonPathLiteral();
}
