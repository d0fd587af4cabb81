using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Acornima;
using Acornima.Ast;
using Jint;

namespace OpenFn.Compiler;

/// <summary>
/// Turns job text into a script whose top-level operation calls are registered, in order, with
/// <see cref="CompiledJob.OperationSink"/>. Everything else stays where it was, at the same line.
/// </summary>
public sealed class JobCompiler
{
    private static readonly ConcurrentDictionary<string, Prepared<Script>> PreparedCache = new();

    public CompileResult Compile(JobSource source, CompileOptions? options = null)
    {
        options ??= new CompileOptions();
        Module module;
        try
        {
            module = new Parser(new ParserOptions { EcmaVersion = EcmaVersion.Latest }).ParseModule(source.Text, source.FileName);
        }
        catch (ParseErrorException e)
        {
            var diagnostic = new CompileDiagnostic(source.FileName, e.LineNumber, e.Column + 1, e.Description ?? e.Message,
                CompileDiagnostic.Frame(source.Text, e.LineNumber, e.Column + 1));
            return new CompileResult { Diagnostics = [diagnostic] };
        }

        var edits = new List<(int Start, int End, string Text)>();
        var operations = new List<OperationSite>();
        var positions = new PositionMap();
        var lines = source.Text.Split('\n');
        foreach (var statement in module.Body)
        {
            switch (statement)
            {
                case ImportDeclaration import:
                    edits.Add((import.Range.Start, import.Range.End, Blank(source.Text, import.Range.Start, import.Range.End)));
                    break;
                case ExpressionStatement { Expression: CallExpression call } expressionStatement:
                    var index = operations.Count;
                    var prefix = $"{CompiledJob.OperationSink}({index}, ";
                    var start = expressionStatement.Range.Start;
                    var line = expressionStatement.Location.Start.Line;
                    var column = expressionStatement.Location.Start.Column + 1;
                    operations.Add(new OperationSite(index, CalleeName(call), line, column, lines[line - 1].TrimEnd('\r')));
                    edits.Add((start, start, prefix));
                    positions.AddInsertion(line, column, prefix.Length);
                    edits.Add((call.Range.End, call.Range.End, ")"));
                    positions.AddInsertion(call.Location.End.Line, call.Location.End.Column + 1, 1);
                    break;
            }
        }

        var code = Apply(source.Text, edits);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(source.FileName + "\0" + code)));
        var prepared = PreparedCache.GetOrAdd(hash, _ => Engine.PrepareScript(code, source.FileName, strict: true));
        return new CompileResult
        {
            Job = new CompiledJob { Source = source, Code = code, Operations = operations, Positions = positions, Hash = hash, Prepared = prepared },
        };
    }

    private static string CalleeName(CallExpression call) => call.Callee switch
    {
        Identifier id => id.Name,
        MemberExpression { Property: Identifier property } => property.Name,
        _ => "(anonymous)",
    };

    /// <summary>Spaces for the removed text, keeping its line breaks so later lines keep their numbers.</summary>
    private static string Blank(string text, int start, int end)
    {
        var builder = new StringBuilder(end - start);
        for (var i = start; i < end; i++)
            builder.Append(text[i] is '\n' or '\r' ? text[i] : ' ');
        return builder.ToString();
    }

    private static string Apply(string text, List<(int Start, int End, string Text)> edits)
    {
        var builder = new StringBuilder(text.Length + edits.Count * 24);
        var position = 0;
        foreach (var (start, end, replacement) in edits.OrderBy(e => e.Start).ThenBy(e => e.End))
        {
            builder.Append(text, position, start - position);
            builder.Append(replacement);
            position = end;
        }
        builder.Append(text, position, text.Length - position);
        return builder.ToString();
    }
}
