using OpenFn.Adaptors.Common;

namespace OpenFn.Runtime;

/// <summary>The adaptors a runner knows, found by short name (<c>http</c>) or package name (<c>@openfn/language-http</c>).</summary>
public sealed class AdaptorRegistry
{
    private readonly Dictionary<string, IAdaptor> _byName = new(StringComparer.OrdinalIgnoreCase);

    public AdaptorRegistry(IEnumerable<IAdaptor> adaptors)
    {
        foreach (var adaptor in adaptors)
        {
            _byName[adaptor.Name] = adaptor;
            _byName[adaptor.PackageName] = adaptor;
        }
    }

    public IEnumerable<IAdaptor> All => _byName.Values.Distinct().OrderBy(a => a.Name, StringComparer.Ordinal);

    /// <summary>Resolves <c>http</c>, <c>http@7</c>, <c>@openfn/language-http@4.2.8</c> or <c>@openfn/language-http@latest</c>.</summary>
    public IAdaptorVersion Resolve(string specifier)
    {
        var (name, version) = Split(specifier);
        if (!_byName.TryGetValue(name, out var adaptor))
        {
            var known = string.Join(", ", All.Select(a => a.Name));
            throw new AdaptorResolutionException($"Unknown adaptor '{name}'. Known adaptors: {known}.");
        }
        return adaptor.Resolve(version);
    }

    public static (string Name, string? Version) Split(string specifier)
    {
        var at = specifier.LastIndexOf('@');
        return at > 0 ? (specifier[..at], specifier[(at + 1)..]) : (specifier, null);
    }
}
