using OpenFn.Adaptors.Common;
using OpenFn.Adaptors.Http;
using OpenFn.Adaptors.Http.Emulation;

namespace OpenFn.Adaptors.Oscar;

/// <summary>
/// OSCaR (oscarhq.com) has no OpenFn adaptor; the Cambodia jobs called it through language-http. This one speaks its
/// interop API directly: credential <c>{ baseUrl, username, password }</c>.
/// </summary>
public sealed class OscarAdaptor : EmulatedAdaptor
{
    private static readonly OperationParameter Callback = new("callback", "function", true, "called with the next state");

    public OscarAdaptor()
    {
        Add(new EmulatedVersion(this, "1.0.0", 0, 1,
            [
                new("getClients", [new("sinceDate", "string", true, "YYYY-MM-DD (sent as YYYY-MM-DD 00:00:00); omitted = all shared clients"),
                        new("options", "object", true, "{ end_date }"), Callback],
                    "Gets the clients shared with this external system, changed since a day."),
                new("upsertClients", [new("clients", "object[]", Doc: "client objects, or { organization: client } items"),
                        new("options", "object", true, "{ continueOnError: true } returns every outcome instead of failing"), Callback],
                    "Creates or updates referrals/clients one by one (POST …/clients/upsert); nulls are sent as \"\"."),
                new("updateLinks", [new("links", "object[]", Doc: "{ global_id, external_id, external_id_display, is_referred }"), Callback],
                    "Links OSCaR clients to Primero cases (PUT …/clients/update_links)."),
                new("updateStatuses", [new("statuses", "object[]", Doc: "{ external_id, client_global_id, referral_status, referral_id }"), Callback],
                    "Sends referral decisions (PUT …/referrals/update_statuses)."),
            ],
            HttpAdaptor.CurrentCommonExports, JsModules.Load(typeof(OscarAdaptor).Assembly, "OpenFn.Adaptors.Oscar.Js.oscar.js"),
            context => new OscarSession(context)));
    }

    public override string Name => "oscar";

    public override string PackageName => "@openfn-dotnet/language-oscar";
}
