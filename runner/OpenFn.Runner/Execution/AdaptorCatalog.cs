using System.Reflection;
using OpenFn.Adaptors.Common;
using OpenFn.Runtime;

namespace OpenFn.Runner.Execution;

/// <summary>
/// The one place the runner learns which adaptors exist: language-common (built into the runtime) plus every public
/// <see cref="IAdaptor"/> with a parameterless constructor found in the <c>OpenFn.Adaptors.*.dll</c> assemblies next
/// to the runner. A new adaptor is registered by adding a project reference to OpenFn.Runner.csproj.
/// </summary>
public static class AdaptorCatalog
{
    private static readonly Lazy<IReadOnlyList<IAdaptor>> Discovered = new(Discover);

    public static AdaptorRegistry CreateRegistry() => new(Discovered.Value);

    public static IReadOnlyList<IAdaptor> Adaptors => Discovered.Value;

    private static IReadOnlyList<IAdaptor> Discover()
    {
        var adaptors = new List<IAdaptor> { new LanguageCommonAdaptor() };
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "OpenFn.Adaptors.*.dll").Order(StringComparer.Ordinal))
        {
            var assembly = Assembly.LoadFrom(file);
            foreach (var type in assembly.GetExportedTypes())
            {
                if (type is { IsAbstract: false, IsInterface: false } && typeof(IAdaptor).IsAssignableFrom(type) && type.GetConstructor(Type.EmptyTypes) is not null)
                    adaptors.Add((IAdaptor)Activator.CreateInstance(type)!);
            }
        }
        return adaptors.DistinctBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }
}
