using OpenFn.Adaptors.Common;

namespace OpenFn.Adaptors.Http.Emulation;

/// <summary>
/// An adaptor package with the versions it emulates. Each emulated version also stands for a range of real majors
/// (for example http 4.2.8 for 3.x–5.x), so a job pinned to <c>4.2.3</c> or <c>5</c> gets the behaviour it was written for.
/// </summary>
public abstract class EmulatedAdaptor : IAdaptor
{
    private readonly List<EmulatedVersion> _versions = [];

    public abstract string Name { get; }

    public abstract string PackageName { get; }

    public IReadOnlyList<string> Versions => _versions.Select(v => v.Version).ToList();

    public IReadOnlyList<EmulatedVersion> EmulatedVersions => _versions;

    /// <summary>Registers a version; call oldest first.</summary>
    protected void Add(EmulatedVersion version) => _versions.Add(version);

    public IAdaptorVersion Resolve(string? versionSpec)
    {
        var spec = versionSpec?.Trim().TrimStart('^', '~', '=', 'v');
        if (string.IsNullOrEmpty(spec) || spec == "latest")
            return _versions[^1];
        var exact = _versions.FirstOrDefault(v => v.Version == spec);
        if (exact is not null)
            return exact;

        var parts = spec.Split('.');
        if (!int.TryParse(parts[0], out var major) || parts.Skip(1).Any(p => p != "x" && !int.TryParse(p, out _)))
            throw new AdaptorResolutionException($"{PackageName}@{versionSpec}: '{versionSpec}' is not a version. {Available()}");
        var match = _versions.LastOrDefault(v => major >= v.MinMajor && major <= v.MaxMajor);
        return match ?? throw new AdaptorResolutionException($"{PackageName}@{versionSpec} is not emulated. {Available()}");
    }

    private string Available() =>
        "Available: " + string.Join(", ", _versions.Select(v => v.MinMajor == v.MaxMajor
            ? $"{v.Version} (for {v.MinMajor}.x)"
            : $"{v.Version} (for {v.MinMajor}.x–{v.MaxMajor}.x)")) + ".";
}

/// <summary>One emulated version: its exports, its JavaScript module and the session that does its I/O.</summary>
public sealed class EmulatedVersion(
    EmulatedAdaptor adaptor,
    string version,
    int minMajor,
    int maxMajor,
    IReadOnlyList<OperationDescriptor> operations,
    IReadOnlyList<string> commonExports,
    string jsModule,
    Func<AdaptorContext, IAdaptorSession> openSession) : IAdaptorVersion
{
    public IAdaptor Adaptor { get; } = adaptor;

    public string Version { get; } = version;

    /// <summary>Lowest real major version this emulation stands for.</summary>
    public int MinMajor { get; } = minMajor;

    /// <summary>Highest real major version this emulation stands for.</summary>
    public int MaxMajor { get; } = maxMajor;

    public IReadOnlyList<OperationDescriptor> Operations { get; } = operations;

    public IReadOnlyList<string> CommonExports { get; } = commonExports;

    public string JsModule { get; } = jsModule;

    public IAdaptorSession OpenSession(AdaptorContext context) => openSession(context);

    public override string ToString() => $"{Adaptor.PackageName}@{Version}";
}
