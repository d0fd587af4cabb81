namespace OpenFn.Runner.Cli;

/// <summary>The CLI's exit codes (README, section CLI).</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked; for a run: every leaf step succeeded.</summary>
    public const int Success = 0;

    /// <summary>The run crashed or was killed (syntax/reference error, timeout, out of memory); OpenFn's 1.</summary>
    public const int Crashed = 1;

    /// <summary>The run completed but a leaf step failed (OpenFn exits 0 here; see README).</summary>
    public const int RunFailed = 2;

    /// <summary>openfn itself failed unexpectedly (a bug): one line, the stack trace with --verbose.</summary>
    public const int InternalError = 3;

    /// <summary>Bad input: an option, a missing file, project.yaml, a job that does not compile, state or credentials JSON; OpenFn's 9.</summary>
    public const int InvalidInput = 9;

    /// <summary>Interrupted (Ctrl+C) before the command finished.</summary>
    public const int Interrupted = 130;
}
