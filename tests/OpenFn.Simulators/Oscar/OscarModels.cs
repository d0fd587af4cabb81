namespace OpenFn.Simulators.Oscar;

/// <summary>A program enrolment of an OSCaR client (shown as a service with program_name and enrollment_date).</summary>
public sealed record OscarEnrollment(string? ProgramName, string EnrollmentDate, string ServiceName);

/// <summary>Which way a referral goes between an NGO (tenant) and the external system (MoSVY / Primero).</summary>
public enum OscarReferralDirection
{
    /// <summary>The external system referred the child to the NGO (created by upsert).</summary>
    FromExternal,

    /// <summary>The NGO referred its client to the external system (decided via update_statuses).</summary>
    ToExternal,
}

/// <summary>An OSCaR client in one tenant (NGO). Strings keep the server's null vs "" inconsistencies.</summary>
public sealed class OscarClient
{
    public int Id { get; init; }
    public required string Tenant { get; init; }
    public required string Slug { get; init; }
    public required string GlobalId { get; init; }
    public string? ExternalId { get; set; }
    public string? ExternalIdDisplay { get; set; }
    public string? MosvyNumber { get; set; }
    public string? GivenName { get; set; }
    public string? FamilyName { get; set; }
    public string? LocalGivenName { get; set; }
    public string? LocalFamilyName { get; set; }
    public string? Gender { get; set; }
    public string? DateOfBirth { get; set; }
    public string? LocationCurrentVillageCode { get; set; }
    public string? AddressCurrentVillageCode { get; set; }
    public string Status { get; set; } = "Active";
    public string? CaseWorkerName { get; set; }
    public string? CaseWorkerMobile { get; set; }
    public string? ExternalCaseWorkerName { get; set; }
    public string? ExternalCaseWorkerId { get; set; }
    public string? ExternalCaseWorkerMobile { get; set; }
    public string? ReasonForReferral { get; set; }
    public string? ReasonForExiting { get; set; }
    public string? LevelOfRisk { get; set; }
    public string OrganizationAddressCode { get; set; } = "";
    public List<string> ReferralConsentForm { get; init; } = [];
    public List<OscarEnrollment> Enrollments { get; init; } = [];
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? SyncedDate { get; set; }

    public OscarClient Copy()
    {
        return new OscarClient
        {
            Id = Id, Tenant = Tenant, Slug = Slug, GlobalId = GlobalId, ExternalId = ExternalId, ExternalIdDisplay = ExternalIdDisplay,
            MosvyNumber = MosvyNumber, GivenName = GivenName, FamilyName = FamilyName, LocalGivenName = LocalGivenName,
            LocalFamilyName = LocalFamilyName, Gender = Gender, DateOfBirth = DateOfBirth,
            LocationCurrentVillageCode = LocationCurrentVillageCode, AddressCurrentVillageCode = AddressCurrentVillageCode,
            Status = Status, CaseWorkerName = CaseWorkerName, CaseWorkerMobile = CaseWorkerMobile,
            ExternalCaseWorkerName = ExternalCaseWorkerName, ExternalCaseWorkerId = ExternalCaseWorkerId,
            ExternalCaseWorkerMobile = ExternalCaseWorkerMobile, ReasonForReferral = ReasonForReferral, ReasonForExiting = ReasonForExiting,
            LevelOfRisk = LevelOfRisk, OrganizationAddressCode = OrganizationAddressCode,
            ReferralConsentForm = [.. ReferralConsentForm], Enrollments = [.. Enrollments],
            CreatedAt = CreatedAt, UpdatedAt = UpdatedAt, SyncedDate = SyncedDate,
        };
    }
}

/// <summary>An OSCaR referral between a tenant and the external system, keyed by an integer id.</summary>
public sealed class OscarReferral
{
    public int Id { get; init; }
    public required string Tenant { get; init; }
    public OscarReferralDirection Direction { get; init; }
    public string ExternalId { get; set; } = "";
    public string ExternalIdDisplay { get; set; } = "";
    public required string ClientGlobalId { get; init; }

    /// <summary>The client the referral belongs to; null until the NGO accepts an incoming referral.</summary>
    public int? ClientId { get; set; }

    public List<string> Services { get; init; } = [];
    public string Status { get; set; } = "Referred";
    public string? ReasonForReferral { get; init; }
    public string? ExternalCaseWorkerName { get; init; }
    public string? ExternalCaseWorkerId { get; init; }
    public string? ExternalCaseWorkerMobile { get; init; }
    public string? LevelOfRisk { get; init; }
    public string? ReferredFrom { get; init; }
    public string? ReferredTo { get; init; }
    public string? GivenName { get; init; }
    public string? FamilyName { get; init; }
    public string? Gender { get; init; }
    public string? DateOfBirth { get; init; }
    public string? VillageCode { get; init; }
    public string? MosvyNumber { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }

    public OscarReferral Copy()
    {
        return new OscarReferral
        {
            Id = Id, Tenant = Tenant, Direction = Direction, ExternalId = ExternalId, ExternalIdDisplay = ExternalIdDisplay,
            ClientGlobalId = ClientGlobalId, ClientId = ClientId, Services = [.. Services], Status = Status,
            ReasonForReferral = ReasonForReferral, ExternalCaseWorkerName = ExternalCaseWorkerName,
            ExternalCaseWorkerId = ExternalCaseWorkerId, ExternalCaseWorkerMobile = ExternalCaseWorkerMobile,
            LevelOfRisk = LevelOfRisk, ReferredFrom = ReferredFrom, ReferredTo = ReferredTo, GivenName = GivenName,
            FamilyName = FamilyName, Gender = Gender, DateOfBirth = DateOfBirth, VillageCode = VillageCode,
            MosvyNumber = MosvyNumber, CreatedAt = CreatedAt, UpdatedAt = UpdatedAt,
        };
    }
}
