using Acornima.Ast;

namespace OpenFn.Compiler;

/// <summary>
/// Promise chains on operations (§1.7): outside any function or block, <c>op(...).then(f)</c> becomes
/// <c>__openfn_defer(op(...), p =&gt; p.then(f))</c> and <c>op(...).catch(g)</c> becomes
/// <c>__openfn_defer(op(...), undefined, g)</c>, as in @openfn/compiler's promises transform.
/// </summary>
/// <remarks>
/// The rewrite splices text in place, so it cannot move a <c>.catch</c> handler behind the rest of the chain the way
/// OpenFn does for <c>op().catch(g).then(f)</c>; it nests instead:
/// <c>__openfn_defer(__openfn_defer(op(), undefined, g), p =&gt; p.then(f))</c>. The only observable difference is
/// when the operation throws synchronously: OpenFn then skips <c>.then(f)</c>, here <c>f</c> runs on <c>g</c>'s result.
/// </remarks>
internal static class PromiseChainRewriter
{
    private const string Promise = "__openfn_p";

    /// <summary>Rewrites every chain and returns, for each rewritten chain, the operation call it wraps.</summary>
    public static Dictionary<Node, CallExpression> Rewrite(ParsedJob job, SourceEdits edits)
    {
        var operations = new Dictionary<Node, CallExpression>(ReferenceEqualityComparer.Instance);
        Visit(job.Program, edits, operations);
        return operations;
    }

    private static void Visit(Node node, SourceEdits edits, Dictionary<Node, CallExpression> operations)
    {
        if (node is IFunction or BlockStatement or ClassBody)
            return; // only chains at the top level are operations.
        if (node is CallExpression call && IsThenOrCatch(call) && FindOperation(call) is { } operation)
        {
            RewriteChain(call, operation, edits);
            operations[call] = operation;
            return;
        }
        foreach (var child in node.ChildNodes)
            Visit(child, edits, operations);
    }

    private static void RewriteChain(CallExpression chain, CallExpression operation, SourceEdits edits)
    {
        var handler = $"{Promise} => {Promise}";
        if (IsAdjacentCatch(operation, chain, out var catchCall))
        {
            var chainContinues = !ReferenceEquals(catchCall, chain);
            edits.Insert(operation.Start, chainContinues ? $"{CompiledJob.DeferFunction}({CompiledJob.DeferFunction}(" : $"{CompiledJob.DeferFunction}(", EditOrder.OpenDefer);
            if (catchCall.Arguments.Count > 0)
                edits.Replace(operation.End, catchCall.Arguments[0].Start, ", undefined, ");
            else
                edits.Replace(operation.End, catchCall.End - 1, ", undefined, undefined");
            if (chainContinues)
            {
                edits.Insert(catchCall.End, ", " + handler);
                edits.Insert(chain.End, ")", EditOrder.CloseDefer);
            }
            return;
        }
        edits.Insert(operation.Start, $"{CompiledJob.DeferFunction}(", EditOrder.OpenDefer);
        edits.Insert(operation.End, ", " + handler);
        edits.Insert(chain.End, ")", EditOrder.CloseDefer);
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
