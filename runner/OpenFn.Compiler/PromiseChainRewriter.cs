using Acornima.Ast;

namespace OpenFn.Compiler;

/// <summary>
/// Promise chains on operations (§1.7), as in @openfn/compiler's promises transform: outside any function or block,
/// <c>op(...).then(f)</c> becomes <c>__openfn_defer(op(...), p =&gt; p.then(f))</c>, <c>op(...).catch(g)</c> becomes
/// <c>__openfn_defer(op(...), undefined, g)</c>, and a <c>.catch(g)</c> right after the operation followed by more of the
/// chain (<c>op().catch(g).then(f)</c>) gives <c>g</c> to the defer as its error handler and the rest as the chain:
/// <c>__openfn_defer(op(), p =&gt; p.then(f), g)</c>.
/// </summary>
/// <remarks>
/// The rewrite splices text in place and cannot move <c>g</c> behind the rest of the chain, so that last form is written
/// <c>__openfn_catch_then(op(), g)(p =&gt; p.then(f))</c>, with <c>__openfn_catch_then</c> declared after the job's last
/// line to make exactly OpenFn's call. It matters when the operation throws synchronously: the defer then returns
/// <c>g</c>'s result and skips the chain, while a rejected promise goes through <c>g</c> and then the chain.
/// </remarks>
internal static class PromiseChainRewriter
{
    private const string Promise = "__openfn_p";
    private const string CatchThen = "__openfn_catch_then";

    private static readonly string CatchThenDeclaration =
        $"\nfunction {CatchThen}(operation, catchHandler) {{ return thenChain => {CompiledJob.DeferFunction}(operation, thenChain, catchHandler); }}";

    /// <summary>Rewrites every chain and returns, for each rewritten chain, the operation call it wraps.</summary>
    public static Dictionary<Node, CallExpression> Rewrite(ParsedJob job, SourceEdits edits)
    {
        var operations = new Dictionary<Node, CallExpression>(ReferenceEqualityComparer.Instance);
        var catchThen = false;
        Visit(job.Program, edits, operations, ref catchThen);
        if (catchThen)
            edits.Insert(job.Source.Text.Length, CatchThenDeclaration, EditOrder.Trailer);
        return operations;
    }

    private static void Visit(Node node, SourceEdits edits, Dictionary<Node, CallExpression> operations, ref bool catchThen)
    {
        if (node is IFunction or BlockStatement or ClassBody)
            return; // only chains at the top level are operations.
        if (node is CallExpression call && IsThenOrCatch(call) && FindOperation(call) is { } operation)
        {
            catchThen |= RewriteChain(call, operation, edits);
            operations[call] = operation;
            return;
        }
        foreach (var child in node.ChildNodes)
            Visit(child, edits, operations, ref catchThen);
    }

    /// <summary>Rewrites one chain; true when it uses <see cref="CatchThen"/>.</summary>
    private static bool RewriteChain(CallExpression chain, CallExpression operation, SourceEdits edits)
    {
        var handler = $"{Promise} => {Promise}";
        if (!IsAdjacentCatch(operation, chain, out var catchCall))
        {
            edits.Insert(operation.Start, $"{CompiledJob.DeferFunction}(", EditOrder.OpenDefer);
            edits.Insert(operation.End, ", " + handler);
            edits.Insert(chain.End, ")", EditOrder.CloseDefer);
            return false;
        }
        var chainContinues = !ReferenceEquals(catchCall, chain);
        // `.catch(` becomes the argument separator; the catch call's own `)` closes the call made of it.
        var (function, separator) = chainContinues ? (CatchThen, ", ") : (CompiledJob.DeferFunction, ", undefined, ");
        edits.Insert(operation.Start, function + "(", EditOrder.OpenDefer);
        if (catchCall.Arguments.Count > 0)
            edits.Replace(operation.End, catchCall.Arguments[0].Start, separator);
        else
            edits.Replace(operation.End, catchCall.End - 1, chainContinues ? "" : ", undefined, undefined");
        if (chainContinues)
        {
            edits.Insert(catchCall.End, "(" + handler);
            edits.Insert(chain.End, ")", EditOrder.CloseDefer);
        }
        return chainContinues;
    }

    /// <summary>Whether the call right after the operation in the chain is <c>.catch(...)</c>.</summary>
    private static bool IsAdjacentCatch(CallExpression operation, CallExpression chain, out CallExpression catchCall)
    {
        catchCall = null!;
        // Walk down from the end of the chain to the call whose callee's object is the operation.
        for (Node current = chain; current is CallExpression { Callee: MemberExpression member } call; current = member.Object)
        {
            if (ReferenceEquals(member.Object, operation))
            {
                catchCall = call;
                return PropertyName(member) == "catch";
            }
        }
        return false;
    }

    /// <summary>The call the chain starts from: the first call down the chain whose callee is not <c>.then</c>/<c>.catch</c>.</summary>
    private static CallExpression? FindOperation(CallExpression chain)
    {
        Node current = chain;
        while (current is CallExpression call)
        {
            if (call.Callee is Identifier || (call.Callee is MemberExpression member && !IsThenOrCatch(member)))
                return call;
            if (call.Callee is not MemberExpression chained)
                return null;
            current = chained.Object;
        }
        return null;
    }

    private static bool IsThenOrCatch(CallExpression call) => call.Callee is MemberExpression member && IsThenOrCatch(member);

    private static bool IsThenOrCatch(MemberExpression member) => PropertyName(member) is "then" or "catch";

    private static string? PropertyName(MemberExpression member) =>
        member is { Computed: false, Property: Identifier property } ? property.Name : null;
}
