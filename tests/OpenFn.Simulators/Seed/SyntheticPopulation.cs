using System.Globalization;

namespace OpenFn.Simulators.Seed;

/// <summary>How a synthetic child relates to the two Cambodia systems.</summary>
public enum ChildLink
{
    /// <summary>Known to both: the Primero case carries the OSCaR global_id, the OSCaR client the Primero case_id.</summary>
    Linked,

    /// <summary>Only in Primero (the OSCaR client with the same index is a different child).</summary>
    PrimeroOnly,

    /// <summary>Only in OSCaR.</summary>
    OscarOnly,
}

/// <summary>Everything both simulators must agree on about synthetic child number <see cref="Index"/>.</summary>
public sealed record SyntheticChild(
    int Index,
    ChildLink Link,
    string RecordId,
    string CaseId,
    string GlobalId,
    string Slug,
    string GivenName,
    string FamilyName,
    string LocalGivenName,
    string LocalFamilyName,
    string Sex,
    string DateOfBirth,
    string VillageCode,
    string Tenant,
    string MosvyNumber,
    DateTime CreatedAt,
    CambodiaService SharedService,
    int OscarReferralId,
    string OscarReferralStatus)
{
    public string CaseIdDisplay => CaseId[^7..];

    /// <summary>Primero stores location codes without the leading zero (§5.3).</summary>
    public string PrimeroLocationCode => VillageCode.TrimStart('0');

    public string ProvinceCode => VillageCode[..2];

    public int Age(DateTime at)
    {
        var dob = DateTime.ParseExact(DateOfBirth, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var age = at.Year - dob.Year;
        return dob.AddYears(age) > at ? age - 1 : age;
    }
}

/// <summary>
/// Deterministic synthetic population for the Cambodia simulators: child <c>i</c> is the same on every run for
/// a given seed, whatever the total count, so Primero case <c>i</c> and OSCaR client <c>i</c> line up when linked.
/// Three children in ten are linked; the rest of the OSCaR clients are different children.
/// </summary>
public sealed class SyntheticPopulation(int seed, DateTime epoch)
{
    /// <summary>Default first creation time of synthetic records.</summary>
    public static readonly DateTime DefaultEpoch = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] GivenNames =
        ["Sopheap", "Dara", "Vannak", "Chenda", "Sokha", "Bopha", "Rithy", "Sreymom", "Piseth", "Kanha", "Vichea", "Sreyneang",
         "Makara", "Channary", "Kosal", "Leakhena", "Samnang", "Sophal", "Thida", "Visal", "Chantrea", "Bunthoeun", "Nary", "Sovann"];

    private static readonly string[] FamilyNames =
        ["Chan", "Sok", "Keo", "Lim", "Meas", "Chea", "Heng", "Ouk", "Pich", "Sam", "Seng", "Tep", "Vong", "Yim", "Khim", "Nhem"];

    private static readonly string[] LocalGivenNames =
        ["សុភាព", "ដារ៉ា", "វណ្ណៈ", "ចិន្តា", "សុខា", "បុប្ផា", "ឫទ្ធី", "ស្រីមុំ", "ពិសិដ្ឋ", "កញ្ញា", "វិជ្ជា", "ស្រីនាង",
         "មករា", "ចន្នារី", "កុសល", "លក្ខិណា", "សំណាង", "សុផល", "ធីតា", "វិសាល", "ចន្ទ្រា", "ប៊ុនធឿន", "ណារី", "សុវណ្ណ"];

    private static readonly string[] LocalFamilyNames =
        ["ចាន់", "សុខ", "កែវ", "លឹម", "មាស", "ជា", "ហេង", "អ៊ុក", "ពេជ្រ", "សំ", "សេង", "ទេព", "វង្ស", "យឹម", "ឃីម", "ញឹម"];

    /// <summary>OSCaR tenants synthetic children belong to ("demo" is not one of the job's 24 NGOs, so it gets none).</summary>
    public static readonly IReadOnlyList<string> Tenants = CambodiaReference.DefaultOscarTenants.Where(t => t != "demo").ToArray();

    public int Seed { get; } = seed;

    public DateTime Epoch { get; } = epoch;

    /// <summary>A random stream for one purpose of one child (<paramref name="salt"/> separates purposes).</summary>
    public Random RandomFor(int index, int salt) => new(unchecked((Seed * 1_000_003) ^ (index * 7_919) ^ (salt * 104_729)));

    /// <summary>Child <paramref name="index"/> as Primero knows it (linked or Primero-only).</summary>
    public SyntheticChild PrimeroChild(int index) => Describe(index, IsLinked(index) ? ChildLink.Linked : ChildLink.PrimeroOnly, 1);

    /// <summary>
    /// The child behind OSCaR client <paramref name="index"/>: the Primero child when linked, else an OSCaR-only child.
    /// </summary>
    public SyntheticChild OscarChild(int index) =>
        IsLinked(index) ? PrimeroChild(index) : Describe(index, ChildLink.OscarOnly, 2) with { CaseId = "", RecordId = "" };

    public static bool IsLinked(int index) => index % 10 < 3;

    private SyntheticChild Describe(int index, ChildLink link, int salt)
    {
        var r = RandomFor(index, salt);
        var given = r.Next(GivenNames.Length);
        var family = r.Next(FamilyNames.Length);
        var province = r.Next(1, 26).ToString("00", CultureInfo.InvariantCulture);
        var village = province + r.Next(1, 10).ToString("00", CultureInfo.InvariantCulture)
                      + r.Next(1, 10).ToString("00", CultureInfo.InvariantCulture) + r.Next(1, 13).ToString("00", CultureInfo.InvariantCulture);
        var created = Epoch.AddMinutes(index * 2.0).AddSeconds(r.Next(0, 120)).AddMilliseconds(r.Next(0, 1000));
        var dob = created.Date.AddDays(-r.Next(365, 17 * 365));
        var recordId = Uuid(r);
        var caseId = Uuid(r);
        var globalId = Ulid(created, r);
        var slug = new string(Enumerable.Range(0, 4).Select(_ => (char)('a' + r.Next(26))).ToArray()) + "-" + (1000 + index).ToString(CultureInfo.InvariantCulture);
        var service = CambodiaReference.Services[r.Next(CambodiaReference.Services.Count)];
        var referralStatus = r.Next(10) switch { < 5 => "Referred", < 8 => "Accepted", _ => "Exited" };
        return new SyntheticChild(
            index, link, recordId, caseId, globalId, slug, GivenNames[given], FamilyNames[family],
            LocalGivenNames[given], LocalFamilyNames[family], r.Next(2) == 0 ? "female" : "male",
            dob.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), village, Tenants[r.Next(Tenants.Count)],
            r.Next(3) == 0 ? "MSV-" + (10000 + index).ToString(CultureInfo.InvariantCulture) : "",
            created, service, 500_000 + index, referralStatus);
    }

    /// <summary>A version-4 UUID from the given random stream.</summary>
    public static string Uuid(Random r)
    {
        Span<byte> bytes = stackalloc byte[16];
        r.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }

    /// <summary>A 26-character ULID (Crockford base32: 48-bit time + 80 random bits).</summary>
    public static string Ulid(DateTime time, Random r)
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        var ms = (ulong)new DateTimeOffset(time).ToUnixTimeMilliseconds();
        var chars = new char[26];
        for (var i = 9; i >= 0; i--)
        {
            chars[i] = alphabet[(int)(ms & 31)];
            ms >>= 5;
        }
        for (var i = 10; i < 26; i++) chars[i] = alphabet[r.Next(32)];
        return new string(chars);
    }

    /// <summary>The province manager that owns a case at this location (§5.2).</summary>
    public static string ProvinceUser(string provinceCode) =>
        CambodiaReference.ProvinceUsers.TryGetValue(provinceCode, out var user) ? user : "mgrpnh";
}
