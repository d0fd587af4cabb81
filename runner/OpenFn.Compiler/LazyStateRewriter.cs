using Acornima.Ast;

namespace OpenFn.Compiler;

/// <summary>
/// The lazy state operator (§1.6): <c>$.a.b</c> becomes <c>state.a.b</c> and the whole argument of the nearest
/// call that contains it becomes <c>state =&gt; (argument)</c>, as in @openfn/compiler's lazy-state transform.
/// </summary>
/// <remarks>
/// One deliberate difference: a <c>$</c> chain that is itself called or used as a callee
/// (<c>$.name.toUpperCase()</c>, <c>($.items || []).map(f)</c>) wraps the argument of the next call up, not the
/// callee; OpenFn wrapped the callee there and produced code that fails at run time (kit#684, kit#1052).
/// </remarks>
internal static class LazyStateRewriter
{
    private const string Operator = "$";

    public static void Rewrite(ParsedJob job, SourceEdits edits, List<CompileDiagnostic> diagnostics)
    {
        var wrapped = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var openFunctions = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var renames = new List<Identifier>();
        foreach (var node in SyntaxWalk.Descendants(job.Program))
        {
            if (node is not Identifier { Name: Operator } id || job.Parent(id) is not MemberExpression member || !ReferenceEquals(member.Object, id))
                continue;
            if (job.IsDeclared(id, Operator, ignoreTopLevel: true))
                continue; // a local $ (e.g. a cheerio callback parameter) is the job's own.
            if (InTopLevelObjectInitializer(job, member))
            {
                // @openfn/compiler skips `const x = { a: $.a }` at the top level; keep the job's own top-level $ working there.
                if (!job.TopLevelNames.Contains(Operator))
                    diagnostics.Add(Error(job, id, "invalid state operator: must be inside an operation"));
                continue;
            }

            var argument = EnclosingArgument(job, member, out var problem);
            if (argument is null)
            {
                diagnostics.Add(Error(job, id, problem!));
                continue;
            }
            if (argument is ArrowFunctionExpression arrow)
            {
                if (arrow.Params.Count != 1)
                {
                    diagnostics.Add(Error(job, id, "invalid state operator: parent has wrong arity"));
                    continue;
                }
                if (arrow.Params[0] is not Identifier { Name: "state" })
                {
                    var name = arrow.Params[0] is Identifier parameter ? parameter.Name : job.Source.Text[arrow.Params[0].Start..arrow.Params[0].End];
                    diagnostics.Add(Error(job, id, $"invalid state operator: parameter \"{name}\" should be called \"state\""));
                    continue;
                }
                openFunctions.Add(arrow);
            }
            else if (argument is SpreadElement)
            {
                diagnostics.Add(Error(job, id, "invalid state operator: cannot be used in a spread argument (...$.x); pass $.x instead"));
                continue;
            }
            else
            {
                wrapped.Add(argument);
            }
            renames.Add(id);
        }

        foreach (var argument in wrapped)
            edits.Insert(argument.Start, "state => (", EditOrder.OpenLazyState);
        foreach (var id in renames)
            edits.Replace(id.Start, id.End, "state");
        foreach (var argument in wrapped)
            edits.Insert(argument.End, ")", EditOrder.CloseLazyState);
    }

    /// <summary>The argument of the nearest call that contains <paramref name="start"/> in one of its arguments.</summary>
    private static Node? EnclosingArgument(ParsedJob job, Node start, out string? problem)
    {
        problem = null;
        Node child = start;
        foreach (var parent in job.Ancestors(start))
        {
            if (parent is CallExpression call && IsArgument(call, child))
                return child;
            if (parent is Statement or Acornima.Ast.Program)
            {
                problem = "invalid state operator: must be inside an expression";
                return null;
            }
            child = parent;
        }
        problem = "invalid state operator: must be inside an operation";
        return null;
    }

    private static bool IsArgument(CallExpression call, Node node)
    {
        foreach (var argument in call.Arguments)
        {
            if (ReferenceEquals(argument, node))
                return true;
        }
        return false;
    }

    private static bool InTopLevelObjectInitializer(ParsedJob job, Node node)
    {
        foreach (var ancestor in job.Ancestors(node))
        {
            if (ancestor is ObjectExpression objectExpression
                && job.Parent(objectExpression) is VariableDeclarator declarator && ReferenceEquals(declarator.Init, objectExpression)
                && job.Parent(declarator) is VariableDeclaration declaration
                && job.Parent(declaration) is Acornima.Ast.Program)
                return true;
        }
        return false;
    }

    private static CompileDiagnostic Error(ParsedJob job, Node node, string message) =>
        CompileDiagnostic.At(job.Source, node.Location.Start.Line, node.Location.Start.Column, DiagnosticCodes.LazyState, message);
}

/// <summary>Pre-order traversal of a syntax tree.</summary>
internal static class SyntaxWalk
{
    public static IEnumerable<Node> Descendants(Node root)
    {
        var stack = new Stack<Node>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            var children = node.ChildNodes.ToList();
            for (var i = children.Count - 1; i >= 0; i--)
                stack.Push(children[i]);
        }
    }
}
