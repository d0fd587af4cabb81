// Flow 1 (Primero → OSCaR), step 1 of 2: what changed in Primero since the cursor.
// Adaptor: @openfn/language-primero@4.1.1. Rules: system-apis.md §5.6.
//
// Reads every Primero case updated at or after the cursor, all pages (the original asked for per=10000 in one page,
// which Primero ≥ 2.11 silently caps at 1000), with each case's referrals, and sorts out what f1-j2 sends to OSCaR:
//   state.referrals  one item per Primero referral to OSCaR that is still in progress and was created after the cursor
//   state.decisions  services OSCaR referred to Primero that a Primero user has accepted or rejected
//   state.links      cases that know their OSCaR client (oscar_number) and have no referral to OSCaR
//
// Cursor: state.lastRunDateTime, read on Primero's own clock. The newest last_updated_at seen becomes
// state.nextCursor, so a clock difference between this runner and Primero cannot skip a change. f1-j2 hands it on as
// the run's final state, and the runner keeps a final state as the next cursor only when the whole run succeeded.

const FIRST_RUN = '2020-01-01T00:00:00.000Z'; // no cursor yet: everything since before the integration went live

const DECIDED = ['accepted_340953', 'rejected_936484'];

// The referrals of a case that f1-j2 must send: in progress, created after the cursor, for a referral_to_oscar service.
function newReferrals(c, since) {
  const services = c.services_section || [];
  return (c.referrals || [])
    .filter(referral => referral.status === 'in_progress' && referral.created_at > since)
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

cursor($.lastRunDateTime, { key: 'since', defaultValue: FIRST_RUN });

getCases({ last_updated_at: `${$.since}..`, per: 1000 }, { withReferrals: true });

fn(state => {
  const { since } = state;
  const referrals = [];
  const decisions = [];
  const links = [];
  let nextCursor = since;
  for (const c of state.data) {
    if (c.last_updated_at > nextCursor) nextCursor = c.last_updated_at;
    const services = c.services_section || [];
    const { referrals: _referrals, ...caseFields } = c; // f1-j2 needs the referral being sent, not the whole list
    for (const { referral, service } of newReferrals(c, since)) referrals.push({ case: caseFields, service, referral });
    for (const service of services.filter(isDecision)) decisions.push({ case: caseFields, service });
    if (c.oscar_number && !services.some(s => s.service_response_type === 'referral_to_oscar')) links.push(caseFields);
  }
  console.log(
    `${state.data.length} cases updated since ${since}: ${referrals.length} new referrals to OSCaR, ` +
      `${decisions.length} decisions on OSCaR referrals, ${links.length} cases to link`
  );
  return {
    ...state,
    data: null,
    metadata: undefined,
    references: [],
    casesRead: state.data.length,
    nextCursor,
    referrals,
    decisions,
    links,
  };
});
