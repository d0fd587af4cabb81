// OCHA partner project → PRP, step 3 (adaptor: hpc; credential: HPC + PRP): the partner project itself — title,
// description, code, dates, status, partner, locations and contact websites (system-apis §4.3).

function day(iso) {
  return iso ? String(iso).slice(0, 10) : undefined;
}

// Planned, Ongoing or Completed, from the project dates and today (as PRP computes it).
function status(start, end) {
  const today = new Date().toISOString().slice(0, 10);
  if (start && today < start) return 'Planned';
  if (end && today > end) return 'Completed';
  return 'Ongoing';
}

fn(state => {
  const { id, version } = state.project;
  const organization = (version.organizations || [])[0];
  const start = day(version.startDate);
  const end = day(version.endDate);
  const websites = (version.contacts || []).map(c => c.website).filter(Boolean);
  const partnerProject = {
    external_id: id,
    response_plan: String(state.planId),
    title: version.name,
    description: version.objective,
    code: version.code,
    start,
    end,
    status: status(start, end),
    partner: organization ? { external_id: String(organization.id), name: organization.name } : null,
    locations: (version.locations || []).map(l => ({
      external_id: String(l.id), name: l.name, iso3: l.iso3 == null ? null : l.iso3, admin_level: l.adminLevel,
      parent: l.parentId == null ? null : String(l.parentId), latitude: l.latitude, longitude: l.longitude,
    })),
    additional_information: websites.join(', '),
    requested_funds: toNumber(version.currentRequestedFunds),
  };
  return { ...state, partnerProject };
});

upsertPrp('partner-projects', state => state.partnerProject);

fn(state => ({ ...state, data: { partnerProject: state.partnerProject.external_id }, references: [] }));
