using Acornima;

namespace OpenFn.Compiler;

/// <summary>
/// Finds the syntax errors after the first one: Acornima stops at the first error, so the top-level statement that
/// holds it is blanked out (spaces, line breaks kept, so every later position stays exact) from its start to the next
/// certain statement start (<see cref="StatementStarts"/>), and the file is parsed again, up to <see cref="MaxErrors"/>.
/// </summary>
/// <remarks>
/// Every error reported is one Acornima itself gives for the file with only broken statements removed: a later
/// independent mistake, at its own line:column and with the message it would have alone. Recovery stops instead of
/// guessing: when no certain statement start follows the error (an unclosed bracket, string, template or comment
/// swallows the rest of the file), when the new error is on the first token of the restarted statement (the restart
/// point was wrong), or when it is an export of a name the removed statement may have declared.
/// Acornima's own <c>Tolerant</c> option does not help: it only tolerates a few strict-mode and lexical errors (never an
/// unexpected token), reports some twice and, after some of them, reports cascades of errors that are not real.
/// </remarks>
internal static class SyntaxErrorRecovery
{
    public const int MaxErrors = 10;

    /// <summary>The first error, then the further ones found by restarting after each broken statement.</summary>
    public static List<ParseErrorException> AllErrors(JobSource source, JobSourceType? sourceType, SyntaxFailure first)
    {
        var errors = new List<ParseErrorException> { first.Error };
        var starts = StatementStarts.Find(source.Text, first.SourceType);
        var text = source.Text.ToCharArray();
        var error = first.Error.Error;
        var restart = 0;
        while (errors.Count < MaxErrors)
        {
            var next = starts.FirstOrDefault(s => s > error.Index, -1);
            if (next < 0)
                break;
            var start = starts.LastOrDefault(s => s <= error.Index && s >= restart, restart);
            Blank(text, start, next);
            var failure = ParsedJob.FindSyntaxError(new JobSource(source.FileName, new string(text)), sourceType);
            if (failure is null || failure.Error.Error.Index <= next || IsExportOfUndeclaredName(failure.Error))
                break;
            errors.Add(failure.Error);
            error = failure.Error.Error;
            restart = next;
        }
        return errors;
    }

    private static void Blank(char[] text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (text[i] is not ('\n' or '\r' or '\u2028' or '\u2029'))
                text[i] = ' ';
        }
    }

    private static bool IsExportOfUndeclaredName(ParseErrorException error) =>
        error.Description?.StartsWith("Export '", StringComparison.Ordinal) == true && error.Description.EndsWith("is not defined in module", StringComparison.Ordinal);
}
