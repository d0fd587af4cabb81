using System.CommandLine;
using OpenFn.Adaptors.Common;
using OpenFn.Runner.Execution;
using OpenFn.Runner.Projects;

namespace OpenFn.Runner.Cli;

/// <summary><c>openfn adaptors list</c> and <c>openfn adaptors docs &lt;name&gt; [operation]</c>.</summary>
public static class AdaptorsCommand
{
    private static readonly Argument<string> NameArgument = new("name") { Description = "Adaptor, e.g. http, http@4, @openfn/language-primero@2.7.0" };
    private static readonly Argument<string?> OperationArgument = new("operation") { Description = "Only this operation", Arity = ArgumentArity.ZeroOrOne };

    public static Command Create()
    {
        var list = new Command("list", "The adaptors this runner has, and the versions each reproduces");
        list.SetAction(CliApp.Guard((_, _, _) =>
        {
            foreach (var adaptor in AdaptorCatalog.Adaptors.OrderBy(a => a.Name, StringComparer.Ordinal))
                Console.Out.WriteLine($"{adaptor.Name,-12} {adaptor.PackageName,-32} {string.Join(", ", adaptor.Versions)}");
            return Task.FromResult(ExitCodes.Success);
        }));

        var docs = new Command("docs", "An adaptor's operations: signature and what each does") { NameArgument, OperationArgument };
        docs.SetAction(CliApp.Guard((parse, _, _) =>
        {
            var name = parse.GetValue(NameArgument)!;
            IAdaptorVersion version;
            try
            {
                version = AdaptorCatalog.CreateRegistry().Resolve(name);
            }
            catch (AdaptorResolutionException e)
            {
                throw new InvalidInputException(name, e.Message);
            }
            var only = parse.GetValue(OperationArgument);
            var operations = version.Operations.Where(o => only is null || o.Name == only).ToList();
            if (only is not null && operations.Count == 0)
                throw new InvalidInputException(only, $"{version.Adaptor.PackageName}@{version.Version} has no operation '{only}'");
            Console.Out.WriteLine($"{version.Adaptor.PackageName}@{version.Version}");
            foreach (var operation in operations)
            {
                Console.Out.WriteLine();
                Console.Out.WriteLine($"  {operation.Signature}{(operation.Kind == OperationKind.Utility ? "  (utility)" : "")}");
                Console.Out.WriteLine($"    {operation.Doc}");
                foreach (var parameter in operation.Parameters)
                    Console.Out.WriteLine($"    {parameter.Name}{(parameter.Optional ? "?" : "")}: {parameter.Type}{(parameter.Doc.Length > 0 ? " — " + parameter.Doc : "")}");
            }
            if (only is null && version.CommonExports.Count > 0)
            {
                Console.Out.WriteLine();
                Console.Out.WriteLine($"  from language-common: {string.Join(", ", version.CommonExports)}");
            }
            return Task.FromResult(ExitCodes.Success);
        }));

        return new Command("adaptors", "Adaptors and their documentation") { list, docs };
    }
}
