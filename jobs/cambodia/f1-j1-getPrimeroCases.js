// Flow 1 (Primero → OSCaR), step 1 of 2: what changed in Primero since the cursor.
// Adaptor: @openfn/language-primero@4.1.1. Rules: system-apis.md §5.6.
//
// Reads the Primero cases updated since the cursor, page by page with each case's referrals, and sorts out what
// f1-j2 sends to OSCaR:
//   state.referrals  one item per Primero referral to OSCaR that is in progress and was not sent before
//   state.decisions  services OSCaR referred to Primero that a Primero user has accepted or rejected
//   state.links      cases that know their OSCaR client (oscar_number) and have no referral to OSCaR
// Only the fields f1-j2 maps are kept, one page at a time, so memory stays bounded however many cases changed. (The
// original asked for everything in one page of per=10000, which Primero ≥ 2.11 silently caps at 1000.)
//
// Cursor: state.lastRunDateTime and state.sentReferrals. The next cursor is this run's start minus an overlap, so a
// case changed while the run reads, or a clock difference with Primero, cannot be skipped; the referrals sent in the
// overlap are remembered (sentReferrals, id → created_at) so that reading them again does not send them twice.
// f1-j2 writes the cursor as the run's final state; the runner keeps it only when the whole run succeeded.

const FIRST_RUN = '2020-01-01T00:00:00.000Z'; // no cursor yet: everything since before the integration went live
const OVERLAP_MINUTES = 10;
const PAGE_SIZE = 500;
const DECIDED = ['accepted_340953', 'rejected_936484'];

// The fields of a case f1-j2 maps; the rest of a case (often hundreds of fields) is left in Primero.
const MAPPED_FIELDS = [
  'case_id', 'case_id_display', 'oscar_number', 'mosvy_number', 'name_first', 'name_last', 'sex', 'date_of_birth',
  'location_current', 'owned_by', 'owned_by_id', 'owned_by_phone', 'owned_by_agency_id', 'risk_level', 'workflow',
  'last_updated_at',
];
// Of the services, what f1-j2 needs to choose the NGO when a referral does not name one (§5.2).
const SERVICE_FIELDS = ['service_response_type', 'oscar_referring_organization', 'service_implementing_agency'];
const pick = (record, fields) => Object.fromEntries(fields.filter(field => field in record).map(field => [field, record[field]]));
const mappedFields = c => ({ ...pick(c, MAPPED_FIELDS), services_section: (c.services_section || []).map(s => pick(s, SERVICE_FIELDS)) });

// Oldest first: a case created while the run pages lands on the last page instead of pushing one over a page boundary.
const pageQuery = (since, page) => ({ last_updated_at: `${since}..`, page, per: PAGE_SIZE, order_by: 'created_at', order: 'asc' });

// The referrals of a case f1-j2 must send: in progress, for a referral_to_oscar service, not sent by an earlier run.
function newReferrals(c, since, alreadySent) {
  const services = c.services_section || [];
  return (c.referrals || [])
    .filter(referral => referral.status === 'in_progress' && referral.created_at >= since && !(referral.id in alreadySent))
    .map(referral => ({ referral, service: services.find(s => s.unique_id === referral.service_record_id) }))
    .filter(({ service }) => service && service.service_response_type === 'referral_to_oscar');
}

// A Primero user's decision on a service OSCaR referred: decided, and routable to OSCaR's integer referral id.
function isDecision(service) {
  return (
    service.service_response_type === 'referral_from_oscar' &&
    DECIDED.includes(service.referral_status_edf41f2) &&
    /^\d+$/.test(String(service.oscar_referral_id_a4ac8a5 || ''))
  );
}

// Sorts one page of cases (state.data) into referrals, decisions and links.
function selectPage(state) {
  for (const c of state.data) {
    const fields = mappedFields(c);
    const services = c.services_section || [];
    for (const { referral, service } of newReferrals(c, state.since, state.alreadySent)) {
      const { id, notes, created_at, transitioned_to_agency } = referral;
      state.referrals.push({ case: fields, service, referral: { id, notes, created_at, transitioned_to_agency } });
    }
    for (const service of services.filter(isDecision)) state.decisions.push({ case: fields, service });
    if (c.oscar_number && !services.some(s => s.service_response_type === 'referral_to_oscar')) state.links.push(fields);
  }
  return { ...state, casesRead: state.casesRead + state.data.length, data: null, references: [] };
}

cursor($.lastRunDateTime, { key: 'since', defaultValue: FIRST_RUN });

fn(state => ({
  ...state,
  nextCursor: new Date(Date.now() - OVERLAP_MINUTES * 60 * 1000).toISOString(),
  alreadySent: state.sentReferrals || {},
  casesRead: 0,
  referrals: [],
  decisions: [],
  links: [],
}));

getCases(state => pageQuery(state.since, 1), { withReferrals: true }, selectPage);

fn(state => {
  const pages = Math.ceil(state.metadata.total / state.metadata.per);
  return { ...state, morePages: Array.from({ length: Math.max(pages - 1, 0) }, (_, i) => i + 2), metadata: undefined };
});

each($.morePages, getCases(state => pageQuery(state.since, state.data), { withReferrals: true }, selectPage));

fn(state => {
  console.log(
    `${state.casesRead} cases updated since ${state.since}: ${state.referrals.length} new referrals to OSCaR, ` +
      `${state.decisions.length} decisions on OSCaR referrals, ${state.links.length} cases to link`
  );
  return { ...state, morePages: undefined, metadata: undefined, index: undefined };
});
