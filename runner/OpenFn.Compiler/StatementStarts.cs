using Acornima;

namespace OpenFn.Compiler;

/// <summary>
/// Offsets where a top-level statement certainly begins, for restarting the parse after a syntax error
/// (<see cref="SyntaxErrorRecovery"/>). The file is tokenized by Acornima's tokenizer, so brackets inside strings,
/// templates, regular expressions and comments do not count, and bracket nesting is tracked on the tokens.
/// </summary>
/// <remarks>
/// A token outside every bracket starts a statement when it can start one (an identifier or a statement keyword) and
/// the statement before it has certainly ended: after a <c>;</c>, or on a new line after a token that ends an
/// expression, where JavaScript inserts the semicolon (<c>get('/a')⏎post('/b')</c>). Forms where the next line
/// continues the statement are not starts: <c>if (x)⏎f()</c>, <c>}⏎else</c>, <c>let⏎x = 1</c>, <c>import x⏎from 'y'</c>.
/// The scan stops at the first token it cannot read (an unterminated string, template or comment) or a closing bracket
/// that matches nothing: beyond it, nothing is certain.
/// </remarks>
internal static class StatementStarts
{
    /// <summary>
    /// Keywords that begin a statement (any identifier can too). Not <c>while</c>, which also ends <c>do f(); while (x)</c>,
    /// nor <c>else</c>, <c>catch</c> or <c>finally</c>.
    /// </summary>
    private static readonly HashSet<string> StartKeywords =
    [
        "const", "var", "let", "function", "class", "if", "for", "do", "switch", "try", "throw", "import", "export",
        "with", "new", "this", "typeof", "void", "delete", "debugger",
    ];

    /// <summary>Identifiers that continue the statement before them (<c>import x from</c>, <c>for (a of b)</c>).</summary>
    private static readonly HashSet<string> ContinuingIdentifiers = ["from", "as", "of"];

    /// <summary>Identifiers after which a new line does not end the statement (<c>let⏎x</c>, <c>async⏎function</c>, <c>yield⏎x</c>).</summary>
    private static readonly HashSet<string> OpenEndedIdentifiers = ["let", "async", "await", "yield"];

    /// <summary>Keywords whose parenthesised head is followed by a body, possibly on the next line (<c>if (x)⏎f()</c>).</summary>
    private static readonly HashSet<string> ControlKeywords = ["if", "while", "for", "with", "await"];

    public static List<int> Find(string text, JobSourceType sourceType)
    {
        var starts = new List<int>();
        var tokenizer = new Tokenizer(text, sourceType == JobSourceType.Module ? SourceType.Module : SourceType.Script, null,
            new TokenizerOptions { EcmaVersion = EcmaVersion.Latest, AllowHashBang = true });
        var context = new TokenizerContext();
        var open = new Stack<(string Bracket, bool Control)>();
        Token? previous = null;
        var previousClosesControl = false;
        try
        {
            for (var token = tokenizer.GetToken(context); token.Kind != TokenKind.EOF; token = tokenizer.GetToken(context))
            {
                if (open.Count == 0 && CanStart(text, token) && (previous is not { } before || Ends(text, before, previousClosesControl, token)))
                    starts.Add(token.Start);
                var closesControl = false;
                if (token.Kind == TokenKind.Punctuator && !Track(text, token, previous, open, out closesControl))
                    break;
                previous = token;
                previousClosesControl = closesControl;
            }
        }
        catch (ParseErrorException)
        {
            // A token the tokenizer cannot read: no statement start beyond it is certain.
        }
        return starts;
    }

    private static bool CanStart(string text, Token token) => token.Kind switch
    {
        TokenKind.Identifier => !ContinuingIdentifiers.Contains(Text(text, token)),
        TokenKind.Keyword => StartKeywords.Contains(Text(text, token)),
        _ => false,
    };

    /// <summary>Whether the statement whose last token is <paramref name="previous"/> has certainly ended before <paramref name="next"/>.</summary>
    private static bool Ends(string text, Token previous, bool previousClosesControl, Token next)
    {
        var value = Text(text, previous);
        if (previous.Kind == TokenKind.Punctuator && value == ";")
            return true;
        if (!HasLineBreak(text, previous.End, next.Start))
            return false;
        return previous.Kind switch
        {
            TokenKind.Punctuator => value is "]" or "}" or "`" || (value == ")" && !previousClosesControl),
            TokenKind.Identifier => !OpenEndedIdentifiers.Contains(value),
            TokenKind.Keyword => value == "this",
            TokenKind.StringLiteral or TokenKind.NumericLiteral or TokenKind.BigIntLiteral or TokenKind.RegExpLiteral
                or TokenKind.NullLiteral or TokenKind.BooleanLiteral => true,
            _ => false,
        };
    }

    /// <summary>Updates the open brackets; false when a closing bracket matches nothing (the scan stops there).</summary>
    private static bool Track(string text, Token token, Token? previous, Stack<(string Bracket, bool Control)> open, out bool closesControl)
    {
        closesControl = false;
        var value = Text(text, token);
        switch (value)
        {
            case "(":
                open.Push((value, previous is { Kind: TokenKind.Keyword or TokenKind.Identifier } before && ControlKeywords.Contains(Text(text, before))));
                return true;
            case "[" or "{" or "${":
                open.Push((value, false));
                return true;
            case "`" when open.Count == 0 || open.Peek().Bracket != "`":
                open.Push((value, false));
                return true;
            case ")" or "]" or "}" or "`":
                var expected = value switch { ")" => "(", "]" => "[", "`" => "`", _ => "{" };
                if (open.Count == 0 || (open.Peek().Bracket != expected && !(value == "}" && open.Peek().Bracket == "${")))
                    return false;
                closesControl = open.Pop().Control;
                return true;
            default:
                return true;
        }
    }

    private static bool HasLineBreak(string text, int start, int end) => text.AsSpan(start, end - start).IndexOfAny("\n\r\u2028\u2029") >= 0;

    private static string Text(string text, Token token) => text[token.Start..token.End];
}
