namespace OpenFn.Simulators;

/// <summary>
/// Fixed ports and credentials of the simulators for the demo, the executable and credentials.example.json.
/// Tests never use these ports: they start the simulators on free ports (port 0).
/// </summary>
public static class SimulatorDefaults
{
    public const string Host = "127.0.0.1";

    public const int PrimeroPort = 4101;
    public const int OscarPort = 4102;
    public const int DtpPort = 4103;
    public const int HpcPort = 4104;
    public const int PrpPort = 4105;

    /// <summary>Primero API user (token login and HTTP Basic).</summary>
    public const string PrimeroUser = "openfn_api";
    public const string PrimeroPassword = "S3cret!";

    /// <summary>OSCaR admin user registered as the "MoSVY" external system.</summary>
    public const string OscarEmail = "primero-api@example.org";
    public const string OscarPassword = "S3cret!";
    public const string OscarExternalSystemName = "MoSVY";

    /// <summary>Azure APIM subscription key the DTP simulator accepts.</summary>
    public const string DtpSubscriptionKey = "dtp-simulator-subscription-key";

    /// <summary>Registered HPC client (HTTP Basic; anonymous access also works).</summary>
    public const string HpcUser = "prp_importer";
    public const string HpcPassword = "S3cret!";

    /// <summary>PRP API token (<c>Authorization: Token …</c>).</summary>
    public const string PrpToken = "prp-simulator-token";
}
