namespace OpenFn.Simulators.Primero;

/// <summary>What POST /api/v2/tokens answers (system-apis §1.2).</summary>
public enum PrimeroLoginMode
{
    /// <summary>Primero ≤ 2.10: body <c>{id, user_name, token}</c> and an <c>Authorization: Bearer</c> header (JWT).</summary>
    BearerToken,

    /// <summary>Primero ≥ 2.11: no token; a session cookie plus a CSRF-TOKEN cookie to echo as X-CSRF-Token on writes.</summary>
    SessionCookie,
}

public sealed class PrimeroOptions
{
    /// <summary>API users and their passwords (token login, HTTP Basic, v1 session login).</summary>
    public Dictionary<string, string> Logins { get; init; } = new(StringComparer.Ordinal)
    {
        [SimulatorDefaults.PrimeroUser] = SimulatorDefaults.PrimeroPassword,
    };

    public PrimeroLoginMode LoginMode { get; init; } = PrimeroLoginMode.BearerToken;

    /// <summary>Lifetime of a token or session (Primero: 1 hour).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Rack::Attack: token POSTs allowed per user_name per minute before 429 (null: no limit).</summary>
    public int? LoginsPerMinute { get; init; } = 6;

    /// <summary>Cap on <c>per</c> (Primero ≥ 2.11: 1000; null: no cap, like older v2).</summary>
    public int? MaxPerPage { get; init; } = 1000;

    /// <summary>Delay before a failed v1 login answers 401 (Primero v1 sleeps 3–5 s).</summary>
    public TimeSpan V1FailedLoginDelay { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Load the realistic fixture cases and referrals.</summary>
    public bool SeedFixtures { get; init; } = true;

    /// <summary>Number of synthetic Cambodia cases to generate (with services and referrals).</summary>
    public int SyntheticCases { get; init; }
}
