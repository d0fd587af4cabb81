using System.Reflection;
using OpenFn.Bench;

// Usage: dotnet run -c Release --project bench/OpenFn.Bench -- [name-filter ...]
// Runs every benchmark whose name contains one of the filters (all when none) and prints its figures.
var benchmarks = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .Where(b => args.Length == 0 || args.Any(a => b.Name.Contains(a, StringComparison.OrdinalIgnoreCase)))
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (benchmarks.Count == 0)
{
    Console.Error.WriteLine("No benchmark matches. Known: " + string.Join(", ", Assembly.GetExecutingAssembly().GetTypes()
        .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && !t.IsInterface).Select(t => t.Name)));
    return 2;
}

foreach (var benchmark in benchmarks)
{
    Console.WriteLine($"## {benchmark.Name}");
    await benchmark.RunAsync(Console.Out);
    Console.WriteLine();
}
return 0;
