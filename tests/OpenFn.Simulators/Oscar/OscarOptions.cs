using OpenFn.Simulators.Seed;

namespace OpenFn.Simulators.Oscar;

public sealed class OscarOptions
{
    /// <summary>Admin users (email → password) allowed to sign in; each is registered as the external system.</summary>
    public Dictionary<string, string> Logins { get; init; } = new(StringComparer.Ordinal)
    {
        [SimulatorDefaults.OscarEmail] = SimulatorDefaults.OscarPassword,
    };

    /// <summary>Name of the ExternalSystem the admin user stands for (becomes referred_from of upserted referrals).</summary>
    public string ExternalSystemName { get; init; } = SimulatorDefaults.OscarExternalSystemName;

    /// <summary>Tenant (NGO) short names; upserts to any other organization_name get Rails' HTML 500 page.</summary>
    public IReadOnlyList<string> Tenants { get; init; } = CambodiaReference.DefaultOscarTenants;

    /// <summary>Lifetime of a sign-in token (devise_token_auth: one week).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Load the captured clients of the Cambodia fixtures.</summary>
    public bool SeedFixtures { get; init; } = true;

    /// <summary>Number of synthetic clients (client i is the child of Primero case i when linked).</summary>
    public int SyntheticClients { get; init; }
}
