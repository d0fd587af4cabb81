// Flow 1 (Primero → OSCaR), step 2 of 2: send what f1-j1 selected to OSCaR.
// Adaptor: @openfn-dotnet/language-oscar@1.0.0. Rules: system-apis.md §5.2, §5.3, §5.4, §5.5, §5.6.
//
//   1. New referrals: one upsert per referred service (OSCaR takes one service per referral), external_id = Primero
//      case_id, global_id = oscar_number when Primero knows the child's OSCaR id. OSCaR refusing a referral (400,
//      404, 422: a service name it does not know, a missing field) is recorded in the run's result and does not stop
//      the others; any other failure (5xx, 429, 401 after a new sign-in, no answer) fails the step, so the run goes
//      down the catch path and keeps its cursor. OSCaR files a referral for a child it already knows (global_id)
//      only with the NGO that has the child and answers "Record saved." either way (system-apis §2.3), so such a
//      referral to another NGO is not sent but reported as not deliverable, instead of being lost without a word.
//   2. Decisions on referrals that came from OSCaR: PUT referrals/update_statuses.
//   3. Links: PUT clients/update_links writes the Primero case_id into OSCaR clients that Primero knows by
//      oscar_number. (The other direction, OSCaR's global_id into Primero, is written by flow 2, f2-j2: it is the
//      side that reads OSCaR's clients, and a step has one adaptor.)
// OSCaR's current clients are read first when any of this concerns a child OSCaR knows, and decisions and links are
// sent only where they differ from what OSCaR has, so a run with nothing new writes nothing.
//
// The final state is the next cursor (lastRunDateTime, sentReferrals: see f1-j1) plus a summary of the run.

import serviceMap from './data/service-map.json';

const OSCAR_NAME_BY_SUBTYPE = Object.fromEntries(serviceMap.services.map(s => [s.primero_subtype, s.oscar_name]));
const STATUS_TO_OSCAR = { accepted_340953: 'Accepted', rejected_936484: 'Exited' };
const REFUSED = [400, 404, 422]; // OSCaR's answers to a referral it will not take as sent (system-apis §2.3)

// OSCaR misbehaves on nulls: every missing value is sent as an empty string (system-apis §2.6).
const text = value => (value === null || value === undefined || value === 'NaN' ? '' : String(value));

// Primero drops the leading zero of a location code; OSCaR needs 2, 4, 6 or 8 digits (§5.3).
const villageCode = code => (text(code).length % 2 === 1 ? '0' + text(code) : text(code));

const withoutAgencyPrefix = agency => text(agency).replace(/^agency-/, '');

// Only the first subtype counts (§5.4); an unmapped one is sent as "Not Specified", which OSCaR refuses.
const oscarServiceName = service => OSCAR_NAME_BY_SUBTYPE[(service.service_subtype || [])[0]] || 'Not Specified';

// The NGO a referral goes to. The referral's own agency comes first: one case can be referred to several NGOs, and
// the original (setOrganization, §5.2) sent every one of them to the NGO of the case's first OSCaR service.
function organizationName(c, service, referral) {
  const services = c.services_section || [];
  const fromOscar = services.find(s => s.service_response_type === 'referral_from_oscar');
  const toOscar = services.find(s => s.service_response_type === 'referral_to_oscar');
  return withoutAgencyPrefix(
    referral.transitioned_to_agency ||
      service.service_implementing_agency ||
      (fromOscar && fromOscar.oscar_referring_organization) ||
      (toOscar && toOscar.service_implementing_agency) ||
      c.owned_by_agency_id
  );
}

function upsertBody({ case: c, service, referral }) {
  return {
    external_id: text(c.case_id),
    external_id_display: text(c.case_id_display),
    ...(c.oscar_number ? { global_id: c.oscar_number } : {}),
    mosvy_number: text(c.mosvy_number),
    given_name: text(c.name_first),
    family_name: text(c.name_last),
    gender: text(c.sex),
    date_of_birth: text(c.date_of_birth).replace(/\//g, '-'),
    location_current_village_code: villageCode(c.location_current),
    address_current_village_code: villageCode(c.location_current),
    reason_for_referral: text(referral.notes),
    external_case_worker_name: text(c.owned_by),
    external_case_worker_id: text(c.owned_by_id),
    external_case_worker_mobile: c.owned_by_phone || '000000000', // OSCaR requires a phone
    level_of_risk: c.risk_level === 'no_action' ? 'no action' : text(c.risk_level),
    is_referred: true,
    organization_name: organizationName(c, service, referral),
    organization_id: text(c.owned_by_agency_id),
    services: [{ uuid: text(service.unique_id), name: oscarServiceName(service) }],
    date_of_referral: text(referral.created_at || c.last_updated_at).slice(0, 10),
    ...(c.workflow === 'referral_to_oscar' ? { resource: 'Primero' } : {}),
  };
}

// What OSCaR already knows about each client: its external_id, the NGOs that have it, the status of each referral.
function indexClients(clients) {
  const byGlobalId = {};
  for (const client of clients) {
    const known = byGlobalId[client.global_id] || (byGlobalId[client.global_id] = { externalId: '', organizations: [], referrals: {} });
    known.externalId = known.externalId || text(client.external_id);
    known.organizations.push(client.organization_name);
    for (const s of client.services || []) {
      if (s.referral_id !== null && s.referral_id !== undefined) known.referrals[String(s.referral_id)] = s.referral_status;
    }
  }
  return byGlobalId;
}

// OSCaR's current view, needed only for children OSCaR knows (referrals and decisions naming an oscar_number, links).
fnIf(
  state => state.referrals.some(r => r.case.oscar_number) || state.decisions.length + state.links.length > 0,
  getClients(null, {}, state => ({ ...state, oscarClients: indexClients(state.data), data: null, references: [] }))
);

fn(state => {
  const oscar = state.oscarClients || {};
  const upserts = [];
  const notDeliverable = [];
  for (const item of state.referrals) {
    const body = upsertBody(item);
    const known = body.global_id && oscar[body.global_id];
    if (body.global_id && !(known && known.organizations.includes(body.organization_name)))
      notDeliverable.push({
        case_id: body.external_id,
        oscar_number: body.global_id,
        organization: body.organization_name,
        reason: known
          ? `OSCaR files referrals of this child only with ${known.organizations.join(', ')}`
          : 'OSCaR does not list this client',
      });
    else upserts.push({ organization: body });
  }
  if (notDeliverable.length > 0)
    console.warn(
      `${notDeliverable.length} referrals of children OSCaR knows not sent: OSCaR files them only with the NGO ` +
        'that has the child (summary.referralsNotDeliverable)'
    );
  return { ...state, upserts, notDeliverable, sent: [], rejected: [] };
});

each(
  $.upserts,
  upsertClients([$.data], { continueOnError: true }, state => {
    const outcome = state.data[0];
    const externalId = outcome.external_id;
    if (outcome.ok) state.sent.push(externalId);
    else if (REFUSED.includes(outcome.statusCode))
      state.rejected.push({ external_id: externalId, status: outcome.statusCode, message: outcome.message });
    else throw new Error(`OSCaR failed on the referral of case ${externalId}: ${outcome.statusCode} ${outcome.message}`);
    return { ...state, references: [] };
  })
);

fn(state => {
  if (state.rejected.length > 0) console.warn(`OSCaR refused ${state.rejected.length} referrals (summary.referralsRefused)`);
  console.log(`${state.sent.length} of ${state.upserts.length} referrals sent to OSCaR`);
  return { ...state, data: null, upserts: undefined };
});

fn(state => {
  const oscar = state.oscarClients || {};
  const statuses = [];
  const unroutable = [];
  for (const { case: c, service } of state.decisions) {
    const referralId = String(service.oscar_referral_id_a4ac8a5);
    const client = oscar[c.oscar_number];
    const status = STATUS_TO_OSCAR[service.referral_status_edf41f2];
    // update_statuses stops at the first item it cannot place, so referrals OSCaR does not show are kept out of it.
    if (!client || !(referralId in client.referrals))
      unroutable.push({ case_id: c.case_id, oscar_number: text(c.oscar_number), referral_id: referralId });
    else if (client.referrals[referralId] !== status)
      statuses.push({
        external_id: text(c.case_id),
        external_id_display: text(c.case_id_display),
        client_global_id: c.oscar_number,
        referral_status: status,
        referral_id: Number(referralId),
      });
  }
  if (unroutable.length > 0)
    console.warn(`${unroutable.length} decisions name an OSCaR client or referral OSCaR does not list (summary.decisionsNotRoutable)`);
  const links = state.links
    .filter(c => oscar[c.oscar_number] && oscar[c.oscar_number].externalId !== c.case_id)
    .map(c => ({
      global_id: c.oscar_number,
      external_id: text(c.case_id),
      external_id_display: text(c.case_id_display),
      is_referred: false,
    }));
  return { ...state, statuses, linkUpdates: links, unroutable, oscarClients: undefined };
});

fnIf($.statuses.length > 0, updateStatuses($.statuses));

fnIf($.linkUpdates.length > 0, updateLinks($.linkUpdates));

fn(state => {
  const summary = {
    since: state.since,
    casesRead: state.casesRead,
    referralsSent: state.sent.length,
    referralsRefused: state.rejected,
    referralsNotDeliverable: state.notDeliverable,
    decisionsSent: state.statuses.length,
    decisionsNotRoutable: state.unroutable,
    linksSent: state.linkUpdates.length,
  };
  console.log(
    `Primero → OSCaR: ${summary.casesRead} cases read, ${summary.referralsSent} referrals sent, ` +
      `${summary.decisionsSent} decisions sent, ${summary.linksSent} links sent; next cursor ${state.nextCursor}`
  );
  // Every referral handled here that the next run will read again (it falls in the overlap) is remembered, so that
  // it is not sent twice; older ones are beyond the next run's reach.
  const sentReferrals = {};
  for (const [id, createdAt] of Object.entries(state.alreadySent)) if (createdAt >= state.nextCursor) sentReferrals[id] = createdAt;
  for (const { referral } of state.referrals) if (referral.created_at >= state.nextCursor) sentReferrals[referral.id] = referral.created_at;
  return { lastRunDateTime: state.nextCursor, sentReferrals, summary };
});
