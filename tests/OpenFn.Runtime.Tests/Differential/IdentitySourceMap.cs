using System.Text;
using System.Text.Json.Nodes;
using OpenFn.Compiler;

namespace OpenFn.Runtime.Tests.Differential;

/// <summary>
/// A source map for compiled job code with one segment per character, mapping each compiled column to the job file's
/// column through the compiler's <see cref="PositionMap"/>. Given to OpenFn's runtime so that it reports errors the way
/// the OpenFn CLI does (positions in the job file, the step name, the operation name of adaptor errors).
/// </summary>
internal static class IdentitySourceMap
{
    public static JsonObject Create(CompiledJob job, string sourceName)
    {
        var mappings = new StringBuilder();
        var lines = job.Code.Split('\n');
        int previousOriginalLine = 0, previousOriginalColumn = 0;
        for (var line = 0; line < lines.Length; line++)
        {
            if (line > 0)
                mappings.Append(';');
            var previousGeneratedColumn = 0;
            for (var column = 0; column < lines[line].Length; column++)
            {
                var original = job.Positions.ToOriginalColumn(line + 1, column + 1) - 1;
                if (column > 0)
                    mappings.Append(',');
                Vlq(mappings, column - previousGeneratedColumn);
                Vlq(mappings, 0);
                Vlq(mappings, line - previousOriginalLine);
                Vlq(mappings, original - previousOriginalColumn);
                previousGeneratedColumn = column;
                previousOriginalLine = line;
                previousOriginalColumn = original;
            }
        }
        var operations = new JsonArray();
        foreach (var operation in job.Operations)
            operations.Add(new JsonObject { ["name"] = operation.Name, ["line"] = operation.Line, ["order"] = operation.Index });
        return new JsonObject
        {
            ["version"] = 3,
            ["sources"] = new JsonArray(sourceName),
            ["sourcesContent"] = new JsonArray(job.Source.Text),
            ["names"] = new JsonArray(),
            ["mappings"] = mappings.ToString(),
            ["operations"] = operations,
        };
    }

    private const string Base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private static void Vlq(StringBuilder output, int value)
    {
        var vlq = value < 0 ? ((-value) << 1) | 1 : value << 1;
        do
        {
            var digit = vlq & 31;
            vlq >>= 5;
            if (vlq > 0)
                digit |= 32;
            output.Append(Base64[digit]);
        }
        while (vlq > 0);
    }
}
