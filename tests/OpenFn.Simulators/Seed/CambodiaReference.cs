namespace OpenFn.Simulators.Seed;

/// <summary>One row of the Cambodia service map (system-apis §5.4).</summary>
public sealed record CambodiaService(string PrimeroType, string PrimeroSubtype, string OscarName);

/// <summary>Reference data of the Cambodia integration (system-apis §5): service map, provinces, agencies, option ids.</summary>
public static class CambodiaReference
{
    /// <summary>Primero service type and subtype ⇄ OSCaR service name, with the real option-id typos.</summary>
    public static readonly IReadOnlyList<CambodiaService> Services =
    [
        new("social_work_case_work", "social_work_case_work_generalist", "Generalist social work / case work"),
        new("social_work_case_work", "social_work_case_work_community", "Community social work"),
        new("family_based_care", "family_based_care_emergency_foster", "Emergency foster care"),
        new("family_based_care", "family_based_care_longterm_foster", "Long term foster care"),
        new("family_based_care", "family_based_care_kinship", "Kinship care"),
        new("family_based_care", "family_based_care_domestic_adoption", "Domestic adoption support"),
        new("family_based_care", "family_based_care_family_preservation", "Family preservation"),
        new("family_based_care", "family_based_care_family_reunification", "Family reunification"),
        new("family_based_care", "family_based_care_independent_living", "Independent Living"),
        new("drug_alcohol", "drug_alcohol_counselling", "Drug and Alcohol Counselling"),
        new("drug_alcohol", "drug_alcohol_detox_rehabilitation", "Detox / rehabilitation services"),
        new("drug_alcohol", "drug_alcohol_detox_support", "Detox support"),
        new("counselling", "counselling_generalist", "Generalist counselling"),
        new("counselling", "counselling_abuse_survivors", "Counselling for abuse survivors"),
        new("counselling", "counselling_trauma", "Trauma counselling"),
        new("counselling", "counselling_family", "Family counselling / mediation"),
        new("financial_development", "financial_development_material_assistance", "Direct material assistance"),
        new("financial_development", "financial_development_financial_assistance", "Direct financial assistance"),
        new("financial_development", "financial_development_income_generation", "Income generation services"),
        new("financial_development", "financial_development_day_care", "Day care services"),
        new("disability_support", "disability_support_therapeutic_interventions", "Therapeutic interventions"),
        new("disability_support", "disability_support_respite-care", "Disability respite care"),
        new("disability_support", "disability_support_therapeutic_training", "Therapeutic training"),
        new("disability_support", "disability_support_aid_provision", "Disability-aid provision"),
        new("disability_support", "disability_support_peripheral", "Peripheral supports"),
        new("disability_support", "disability_support_groups", "Support groups"),
        new("medical_support", "medical_support_access_care", "Support to access care"),
        new("medical_support", "medical_support_provision_medical_case", "Provision of medical care"),
        new("medical_support", "medical_support_medical_training", "Medical training services"),
        new("medical_support", "medical_support_healt_education", "Health education"),
        new("legal_support", "legal_support_access_legal_services", "Support to access legal services"),
        new("legal_support", "legal_support_advocacy_services", "Legal advocacy services"),
        new("legal_support", "legal_support_representation", "Legal representation"),
        new("legal_support", "legal_support_prision_visitation", "Prison visitation support"),
        new("mental_health_support", "mental_health_support_therapeutic_interventions", "Therapeutic interventions"),
        new("mental_health_support", "mental_health_support_therapeutic_training", "Therapeutic training"),
        new("mental_health_support", "mental_health_support_direct_medical_support", "Direct medical support"),
        new("training_education", "training_education_school_support", "School support"),
        new("training_education", "training_education_supplementary", "Supplementary school education"),
        new("training_education", "training_education_vocational", "Vocational education and training"),
        new("training_education", "training_education_material_support", "Material support for education (uniforms, etc)"),
        new("training_education", "training_education_scholarships", "Scholarships or financial support"),
        new("training_education", "training_education_life_skills", "Life skills"),
        new("family_support", "family_support_family_support", "Family support"),
        new("anti_trafficking", "anti_trafficking_rescue", "Rescue Services"),
        new("anti_trafficking", "anti_trafficking_transitional_accomodation", "Transitional Accommodation"),
        new("anti_trafficking", "anti_trafficking_post_trafficking", "Post-Trafficking Counseling"),
        new("anti_trafficking", "anti_trafficking_community_reintegration", "Community Reintegration Support"),
        new("other", "residential_care_gov_only_other", "Residential Care Institution"),
        new("other", "other_other_service", "Other Service"),
    ];

    /// <summary>The service names OSCaR knows (it resolves upserted services by exact name).</summary>
    public static readonly IReadOnlySet<string> OscarServiceNames = Services.Select(s => s.OscarName).ToHashSet(StringComparer.Ordinal);

    /// <summary>Province code (2 digits) → Primero province manager user (§5.2, with 19 → mgrstg, the intended fix of the source bug).</summary>
    public static readonly IReadOnlyDictionary<string, string> ProvinceUsers = new Dictionary<string, string>
    {
        ["01"] = "mgrbmc", ["02"] = "mgrbtb", ["03"] = "mgrkcm", ["04"] = "mgrkch", ["05"] = "mgrksp",
        ["06"] = "mgrktm", ["07"] = "mgrkpt", ["08"] = "mgrkdl", ["09"] = "mgrkkg", ["10"] = "mgrkrt",
        ["11"] = "mgrmdk", ["12"] = "mgrpnh", ["13"] = "mgrpvh", ["14"] = "mgrpvg", ["15"] = "mgrpst",
        ["16"] = "mgrrtk", ["17"] = "mgrsrp", ["18"] = "mgrshv", ["19"] = "mgrstg", ["20"] = "mgrsvg",
        ["21"] = "mgrtakeo", ["22"] = "mgromc", ["23"] = "mgrkep", ["24"] = "mgrpln", ["25"] = "mgrtkm",
    };

    /// <summary>Province code → English name (Cambodian numbering).</summary>
    public static readonly IReadOnlyDictionary<string, string> Provinces = new Dictionary<string, string>
    {
        ["01"] = "Banteay Meanchey", ["02"] = "Battambang", ["03"] = "Kampong Cham", ["04"] = "Kampong Chhnang",
        ["05"] = "Kampong Speu", ["06"] = "Kampong Thom", ["07"] = "Kampot", ["08"] = "Kandal", ["09"] = "Koh Kong",
        ["10"] = "Kratie", ["11"] = "Mondulkiri", ["12"] = "Phnom Penh", ["13"] = "Preah Vihear", ["14"] = "Prey Veng",
        ["15"] = "Pursat", ["16"] = "Ratanakiri", ["17"] = "Siem Reap", ["18"] = "Preah Sihanouk", ["19"] = "Stung Treng",
        ["20"] = "Svay Rieng", ["21"] = "Takeo", ["22"] = "Oddar Meanchey", ["23"] = "Kep", ["24"] = "Pailin",
        ["25"] = "Tbong Khmum",
    };

    /// <summary>The 24 NGOs the Cambodia job knows as OSCaR organisations (Primero agency id = "agency-" + short name).</summary>
    public static readonly IReadOnlyList<string> Agencies =
        ["gpc", "tpo", "eao", "goh", "sk", "colt", "kt", "ea", "fsi", "oec", "cct", "cfi", "cif", "css", "cwd", "holt", "isf", "kmr", "mho", "msl", "mtp", "tlc", "tmw", "wmo"];

    /// <summary>OSCaR tenants the simulator runs by default: "demo" plus NGOs from the agency list.</summary>
    public static readonly IReadOnlyList<string> DefaultOscarTenants = ["cif", "demo", "cwd", "fsi", "holt", "kmr", "mtp", "tlc"];

    // Instance-specific option ids of the Cambodia Primero (§1.1, §5.5).
    public const string ReferralStatusField = "referral_status_edf41f2";
    public const string OscarReferralIdField = "oscar_referral_id_a4ac8a5";
    public const string OscarReferralNotesField = "referral_notes_from_oscar_2e787b8";
    public const string StatusPending = "pending_310366";
    public const string StatusAccepted = "accepted_340953";
    public const string StatusRejected = "rejected_936484";
    public const string ResponseReferralToOscar = "referral_to_oscar";
    public const string ResponseReferralFromOscar = "referral_from_oscar";
    public const string ResponseProvidedByOscarPartner = "service_being_provided_by_oscar_partner_47618";
}
