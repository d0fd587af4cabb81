namespace OpenFn.Bench;

/// <summary>A measurement that prints its own figures (one per line, with units).</summary>
public interface IBenchmark
{
    string Name { get; }

    Task RunAsync(TextWriter output);
}
