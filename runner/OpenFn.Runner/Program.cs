using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenFn.Compiler;
using OpenFn.Runtime;

var jobArgument = new Argument<FileInfo>("job") { Description = "The job file (.js) to run" };
var adaptorOption = new Option<string>("--adaptor", "-a") { Description = "Adaptor for the job, e.g. common or http@7", DefaultValueFactory = _ => "common" };
var stateOption = new Option<FileInfo?>("--state", "-s") { Description = "Initial state JSON file" };
var outputOption = new Option<FileInfo?>("--output", "-o") { Description = "Where to write the final state (default: stdout)" };

var run = new Command("run", "Run a job or workflow") { jobArgument, adaptorOption, stateOption, outputOption };
run.SetAction(async (parse, cancellationToken) =>
{
    var job = parse.GetValue(jobArgument)!;
    var input = parse.GetValue(stateOption) is { } stateFile
        ? JsonNode.Parse(await File.ReadAllTextAsync(stateFile.FullName, cancellationToken))!.AsObject()
        : new JsonObject { ["data"] = new JsonObject(), ["configuration"] = new JsonObject() };
    var runner = new StepRunner(new AdaptorRegistry([new LanguageCommonAdaptor()]), new JobCompiler(), new EngineLimits());
    var outcome = await runner.RunAsync(new StepRequest(new JobSource(job.FullName, await File.ReadAllTextAsync(job.FullName, cancellationToken)), parse.GetValue(adaptorOption)!, input), cancellationToken);
    if (outcome.Error is not null)
    {
        Console.Error.WriteLine(outcome.Error);
        return 1;
    }
    var text = outcome.Output?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "";
    if (parse.GetValue(outputOption) is { } output)
        await File.WriteAllTextAsync(output.FullName, text, cancellationToken);
    else
        Console.WriteLine(text);
    return 0;
});

var root = new RootCommand("openfn: run OpenFn-style integration jobs") { run };
return await root.Parse(args).InvokeAsync();
