using System.CommandLine;
using OpenFn.Runner.Cli;
using OpenFn.Runner.History;

namespace OpenFn.Runner.Deploy;

/// <summary><c>openfn deployments list</c>: the commits <c>serve --git</c> deployed, rejected or could not check out.</summary>
public static class DeploymentsCommand
{
    private static readonly Option<DeploymentResult?> ResultOption = new("--result") { Description = "Only deployments with this result (deployed, rejected, failed)" };
    private static readonly Option<int> LimitOption = new("--limit", "-n") { Description = "How many deployments", DefaultValueFactory = _ => 20 };

    public static Command Create()
    {
        var list = new Command("list", "List deployments, newest first, with the problems of each rejected commit") { ResultOption, LimitOption };
        list.SetAction(CliApp.Guard(async (parse, context, cancellationToken) =>
        {
            await using var history = await context.OpenHistoryAsync(cancellationToken);
            var deployments = await history.ListDeploymentsAsync(parse.GetValue(ResultOption), Math.Max(1, parse.GetValue(LimitOption)), cancellationToken);
            Console.Out.WriteLine($"{"DEPLOYED (UTC)",-19}  {"COMMIT",-12}  {"RESULT",-8}  {"COMMITTED (UTC)",-16}  {"AUTHOR",-28}  MESSAGE");
            foreach (var deployment in deployments)
            {
                Console.Out.WriteLine($"{deployment.DeployedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {deployment.CommitSha[..Math.Min(12, deployment.CommitSha.Length)],-12}  " +
                    $"{deployment.Result.ToText(),-8}  {deployment.CommittedAt.UtcDateTime:yyyy-MM-dd HH:mm}  {Cut(deployment.Author, 28),-28}  {deployment.Message.Split('\n', 2)[0].Trim()}");
                foreach (var reason in deployment.Reasons)
                    Console.Out.WriteLine($"    {reason}");
            }
            return ExitCodes.Success;
        }));
        return new Command("deployments", "Deployments from git (openfn serve --git)") { list };
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
