// Flow 2 (OSCaR → Primero), step 2 of 2: bring the OSCaR clients f2-j1 read into Primero.
// Adaptor: @openfn/language-primero@4.1.1. Rules: system-apis.md §5.1, §5.2, §5.4, §5.5, §5.7.
//
// Each client is matched to its Primero case: by case_id when OSCaR knows it (external_id), else by oscar_number
// (= OSCaR global_id). The cases are looked up in batches, the wanted fields are compared with what Primero has, and
// only differences are written: a new case (POST), a PATCH of the changed fields and changed services, and for an
// OSCaR decision on a Primero referral, a PATCH of that referral. A run with nothing new writes nothing. Primero
// refusing one case (422: a value of the wrong type) is recorded in the run's result and the others go on; any other
// failure fails the step, so the run goes down the catch path and keeps its cursor.
//
// Services. OSCaR's services[].uuid names a service *type* (the same for every client), so using it as the Primero
// unique_id — as the original did — merged two services of the same type on one case into one element (Primero
// PATCH merges subform elements by unique_id). Each OSCaR service is matched to its own Primero element instead:
// a referral by its OSCaR referral id, an enrolment by service name and date, Primero's own referral by service
// name; a new element gets a unique_id derived from the client, the referral or enrolment, and an occurrence count,
// so it is stable from run to run and distinct for every service.
//
// Identifiers. Writing oscar_number (and oscar_short_id, mosvy_number) into a linked case is the id sync the
// original ran as "flow 0". That job built its records with Primero field names and then kept only those with an
// `external_id`, a field none of them had, so it never synced anything; here the OSCaR client's own external_id
// chooses the case.
//
// Risk level: read from OSCaR's level_of_risk (the original read c.risk_level, which OSCaR never sends, so every
// referred case got "no_action").
//
// Owner (owned_by): a new case referred by OSCaR goes to the province manager of its location (province-users.json,
// which maps 19 to mgrstg and 22 to mgromc: the original listed 22 twice and had no 19), any other new case to the
// NGO's user agency-{org}-user (oscar-agencies.json). An existing case changes owner only when OSCaR now refers it
// and it is still parked with the NGO's generic user. A case whose owner cannot be found is skipped and reported,
// not a reason to fail the run.

import serviceMap from './data/service-map.json';
import provinceUsers from './data/province-users.json';
import oscarAgencies from './data/oscar-agencies.json';

const LOOKUP_BATCH = 100; // ids per search: keeps the URL far below the 8 KB servers accept
const STATUS = 'referral_status_edf41f2';
const REFERRAL_ID = 'oscar_referral_id_a4ac8a5';
const NOTES = 'referral_notes_from_oscar_2e787b8';
const PENDING = 'pending_310366';
const ACCEPTED = 'accepted_340953';
const REJECTED = 'rejected_936484';
const STATUS_FROM_OSCAR = { Accepted: ACCEPTED, Accetped: ACCEPTED, Active: ACCEPTED, Rejected: REJECTED, Exited: REJECTED };
const TRANSITION_STATUS = { [ACCEPTED]: 'accepted', [REJECTED]: 'rejected' };
const PROVIDED_BY_PARTNER = 'service_being_provided_by_oscar_partner_47618';

// What this job compares in a Primero case; the rest of each case found is not kept.
const COMPARED_FIELDS = [
  'id', 'case_id', 'oscar_number', 'oscar_short_id', 'mosvy_number', 'oscar_status', 'oscar_reason_for_exiting', 'risk_level',
  'owned_by', 'services_section',
];

const OSCAR_NAME_BY_SUBTYPE = Object.fromEntries(serviceMap.services.map(s => [s.primero_subtype, s.oscar_name]));

// OSCaR service name → its Primero row. A name several rows share must be settled in oscar_to_primero.
const SERVICE_BY_OSCAR_NAME = (() => {
  const bySubtype = Object.fromEntries(serviceMap.services.map(s => [s.primero_subtype, s]));
  const byName = {};
  for (const row of serviceMap.services) {
    const settled = serviceMap.oscar_to_primero[row.oscar_name];
    if (byName[row.oscar_name] && !settled)
      throw new Error(`service-map.json: "${row.oscar_name}" maps to several Primero subtypes; say which one in oscar_to_primero`);
    byName[row.oscar_name] = settled ? bySubtype[settled] : row;
  }
  return byName;
})();

const text = value => (value === null || value === undefined ? '' : String(value));
const isEmpty = value => value === null || value === undefined || value === '';
const same = (a, b) => (isEmpty(a) && isEmpty(b)) || JSON.stringify(a) === JSON.stringify(b);

// The keys of `wanted` whose value Primero does not have. Empty values are never written: OSCaR's blanks (null and
// "" inconsistently) must not erase what Primero knows.
function differences(current, wanted) {
  const changed = {};
  for (const [key, value] of Object.entries(wanted)) if (!isEmpty(value) && !same(current[key], value)) changed[key] = value;
  return changed;
}

const withoutEmpty = record => Object.fromEntries(Object.entries(record).filter(([, value]) => !isEmpty(value)));

// A UUID-shaped id derived from a text (four FNV-1a hashes with different seeds): the same text always gives the same id.
function stableId(key) {
  const hashes = [0x811c9dc5, 0x01234567, 0x89abcdef, 0x13579bdf];
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    for (let h = 0; h < 4; h++) hashes[h] = Math.imul(hashes[h] ^ c, 0x01000193);
  }
  const hex = hashes.map(h => (h >>> 0).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function provinceUser(client) {
  const code = text(client.location_current_village_code) || text(client.organization_address_code);
  return provinceUsers[code.startsWith('00') ? code.slice(2, 4) : code.slice(0, 2)];
}

function agencyUser(client) {
  return oscarAgencies.includes(client.organization_name) ? `agency-${client.organization_name}-user` : undefined;
}

// "{local} ({given})" when OSCaR has both spellings, else whichever it has.
const bothNames = (local, latin) => (local && latin && local !== latin ? `${local} (${latin})` : local || latin || '');

function ageOn(dateOfBirth, now) {
  const born = new Date(`${dateOfBirth}T00:00:00Z`);
  if (isNaN(born.getTime())) return undefined;
  let years = now.getUTCFullYear() - born.getUTCFullYear();
  const birthdayToCome = now.getUTCMonth() * 100 + now.getUTCDate() < born.getUTCMonth() * 100 + born.getUTCDate();
  if (birthdayToCome) years--;
  return years < 1 || years > 30 ? 0 : years;
}

// OSCaR sometimes sends five-digit years ("22012-01-01"): the extra first character goes.
const dateOfBirth = client => (text(client.date_of_birth).length === 11 ? text(client.date_of_birth).slice(1) : text(client.date_of_birth));

// Primero keeps location codes as numbers: "02040302" becomes "2040302".
function locationCode(client) {
  const code = parseInt(text(client.location_current_village_code) || text(client.address_current_village_code), 10);
  return isNaN(code) ? undefined : String(code);
}

const isReferral = service => service.referral_id !== null && service.referral_id !== undefined;

// The OSCaR name of a Primero service element, to recognise it in OSCaR's list.
const oscarNameOf = element => OSCAR_NAME_BY_SUBTYPE[(element.service_subtype || [])[0]] || element.service_type_details_text;

// The Primero service type of an OSCaR service name (§5.4); an unknown name is kept as the details of an "other".
function serviceType(service) {
  const row = SERVICE_BY_OSCAR_NAME[service.name];
  return row
    ? {
        service_type: row.primero_type,
        service_subtype: [row.primero_subtype],
        service_type_text: row.primero_type,
        service_type_details_text: 'n/a',
      }
    : { service_type: 'other', service_type_text: 'other', service_type_details_text: service.name };
}

// What OSCaR tells about a service besides its type (§5.7).
function serviceDetails(client, service) {
  const agency = `agency-${client.organization_name}`;
  return {
    service_response_day_time: service.enrollment_date ? `${service.enrollment_date}T00:00:00.000Z` : undefined,
    service_response_type: isReferral(service) ? 'referral_from_oscar' : PROVIDED_BY_PARTNER,
    oscar_case_worker_name: client.case_worker_name,
    oscar_case_worker_telephone: client.case_worker_mobile,
    oscar_referring_organization: agency,
    service_implementing_agency: agency,
    [REFERRAL_ID]: isReferral(service) ? String(service.referral_id) : undefined,
    [NOTES]: isReferral(service) ? client.reason_for_referral : undefined,
  };
}

// Which Primero element an OSCaR service is, and what to write into it. Returns { uniqueId, changes, decision? }.
// A referral is found by its OSCaR referral id (or, for Primero's own referral, by service name), an enrolment by
// service name and date; a new element's unique_id counts the same service seen before on this client, so two
// identical enrolments get two ids.
function matchService(client, service, elements, used, occurrences) {
  const referral = isReferral(service);
  const key = referral
    ? `${client.global_id}|referral|${service.referral_id}|${service.uuid}`
    : `${client.global_id}|enrolment|${service.uuid}|${service.enrollment_date}|${text(service.program_name)}`;
  occurrences[key] = (occurrences[key] || 0) + 1;
  const free = elements.filter(e => !used.has(e.unique_id));
  const found = referral
    ? free.find(e => text(e[REFERRAL_ID]) === String(service.referral_id) && oscarNameOf(e) === service.name) ||
      free.find(e => e.service_response_type === 'referral_to_oscar' && isEmpty(e[REFERRAL_ID]) && oscarNameOf(e) === service.name)
    : free.find(
        e =>
          e.service_response_type === PROVIDED_BY_PARTNER &&
          oscarNameOf(e) === service.name &&
          text(e.service_response_day_time).slice(0, 10) === text(service.enrollment_date)
      );
  const oscarStatus = STATUS_FROM_OSCAR[service.referral_status];

  if (!found) {
    const uniqueId = stableId(`${key}|${occurrences[key]}`);
    const status = referral ? { [STATUS]: oscarStatus || PENDING } : {};
    const element = { unique_id: uniqueId, ...serviceType(service), ...serviceDetails(client, service), ...status };
    return { uniqueId, changes: withoutEmpty(element) };
  }
  used.add(found.unique_id);
  if (found.service_response_type === 'referral_to_oscar') {
    // Primero's own referral, decided in OSCaR: OSCaR's status is the decision.
    const changes = differences(found, { [REFERRAL_ID]: String(service.referral_id), [STATUS]: oscarStatus });
    const decided = changes[STATUS] ? { serviceId: found.unique_id, status: TRANSITION_STATUS[changes[STATUS]] } : undefined;
    return { uniqueId: found.unique_id, changes, decision: decided };
  }
  // A service OSCaR provides or referred: its details are news; its type was matched by name (an ambiguous name must
  // not turn a disability service into a mental health one), and the decision on an OSCaR referral is Primero's.
  return { uniqueId: found.unique_id, changes: differences(found, serviceDetails(client, service)) };
}

// What to write into Primero for one OSCaR client: { create } or { update }, decisions, or { skipped }.
function planClient(client, current, now) {
  const elements = (current && current.services_section) || [];
  const used = new Set();
  const occurrences = {};
  const services = [];
  const decisions = [];
  for (const service of client.services || []) {
    const { uniqueId, changes, decision } = matchService(client, service, elements, used, occurrences);
    if (Object.keys(changes).length > 0) services.push({ unique_id: uniqueId, ...changes });
    if (decision) decisions.push({ recordId: current.id, ...decision });
  }
  const referred = client.is_referred === true;
  const synced = {
    oscar_number: client.global_id,
    oscar_short_id: client.slug,
    mosvy_number: client.mosvy_number,
    oscar_status: client.status,
    oscar_reason_for_exiting: client.reason_for_exiting,
    risk_level: referred ? (client.level_of_risk === 'no action' ? 'no_action' : client.level_of_risk) : undefined,
  };

  if (!current) {
    const owner = referred ? provinceUser(client) : agencyUser(client);
    if (!owner) {
      const reason = referred
        ? `no province manager for location code "${text(client.location_current_village_code) || text(client.organization_address_code)}"`
        : `OSCaR organisation "${client.organization_name}" has no Primero agency user`;
      return { skipped: { global_id: client.global_id, reason } };
    }
    const create = withoutEmpty({
      ...synced,
      case_id: client.external_id,
      case_id_display: client.external_id_display,
      name_first: bothNames(client.local_given_name, client.given_name),
      name_last: bothNames(client.local_family_name, client.family_name),
      sex: client.gender === 'male' || client.gender === 'female' ? client.gender : 'other',
      age: ageOn(dateOfBirth(client), now),
      date_of_birth: dateOfBirth(client),
      location_current: locationCode(client),
      protection_status: referred ? 'oscar_referral' : undefined,
      interview_subject: referred ? 'other' : undefined,
      owned_by: owner,
      consent_for_services: true,
      disclosure_other_orgs: true,
      module_id: 'primeromodule-cp',
    });
    if (services.length > 0) create.services_section = services;
    return { create, decisions };
  }

  const patch = differences(current, synced);
  const parkedWithNgo = /^agency-.+-user$/.test(text(current.owned_by));
  if (referred && parkedWithNgo && provinceUser(client) && current.owned_by !== provinceUser(client)) patch.owned_by = provinceUser(client);
  if (services.length > 0) patch.services_section = services;
  return Object.keys(patch).length > 0 ? { update: { id: current.id, data: patch }, decisions } : { decisions };
}

// An operation writing one record (state.data: { oscar_number, data }), for `each`: Primero refusing that record
// (422) is recorded in state.refused and the next record goes on; any other error still fails the step.
function refusable(action, operation) {
  return state => {
    try {
      return operation(state);
    } catch (error) {
      if (error.statusCode !== 422) throw error;
      state.refused.push({ action, oscar_number: state.data.oscar_number, message: error.message });
      return state;
    }
  };
}

fn(state => {
  const lookups = [];
  const batches = (field, values) => {
    for (let i = 0; i < values.length; i += LOOKUP_BATCH) lookups.push({ [field]: values.slice(i, i + LOOKUP_BATCH).join(','), per: 1000 });
  };
  batches('case_id', state.clients.filter(c => c.external_id).map(c => c.external_id));
  batches('oscar_number', state.clients.filter(c => !c.external_id).map(c => c.global_id));
  return { ...state, lookups, byCaseId: {}, byOscarNumber: {} };
});

each(
  $.lookups,
  getCases($.data, {}, state => {
    for (const found of state.data) {
      const c = Object.fromEntries(COMPARED_FIELDS.filter(field => field in found).map(field => [field, found[field]]));
      if (c.case_id) state.byCaseId[c.case_id] = c;
      if (c.oscar_number) state.byOscarNumber[c.oscar_number] = c;
    }
    return { ...state, data: null, metadata: undefined, references: [] };
  })
);

fn(state => {
  const now = new Date();
  const creates = [];
  const updates = [];
  const decisions = [];
  const skipped = [];
  for (const client of state.clients) {
    const current = client.external_id ? state.byCaseId[client.external_id] : state.byOscarNumber[client.global_id];
    const plan = planClient(client, current, now);
    if (plan.skipped) skipped.push(plan.skipped);
    if (plan.create) creates.push({ oscar_number: client.global_id, data: plan.create });
    if (plan.update) updates.push({ oscar_number: client.global_id, ...plan.update });
    decisions.push(...(plan.decisions || []));
  }
  if (skipped.length > 0) console.warn(`${skipped.length} OSCaR clients not synced: no owner for them in Primero (summary.clientsSkipped)`);
  console.log(`${creates.length} cases to create, ${updates.length} to update, ${decisions.length} OSCaR decisions on Primero referrals`);
  return {
    ...state,
    lookups: undefined,
    byCaseId: undefined,
    byOscarNumber: undefined,
    creates,
    updates,
    decisions,
    skipped,
    decisionCases: [...new Set(decisions.map(d => d.recordId))],
    referralsByService: {},
    refused: [],
  };
});

// Decisions first: if the run stops after this, the services still look undecided and the next run decides again.
each(
  $.decisionCases,
  getReferrals({ externalId: 'record_id', id: $.data }, state => {
    for (const referral of state.data || []) (state.referralsByService[referral.service_record_id] ||= []).push(referral);
    return { ...state, data: null, references: [] };
  })
);

fn(state => {
  const referralUpdates = [];
  for (const { recordId, serviceId, status } of state.decisions) {
    for (const referral of state.referralsByService[serviceId] || []) {
      if (referral.record_id !== recordId || referral.status !== 'in_progress') continue;
      const data = status === 'rejected' ? { status, rejected_reason: 'Rejected in OSCaR' } : { status };
      referralUpdates.push({ caseId: recordId, id: referral.id, data });
    }
  }
  return { ...state, referralUpdates, referralsByService: undefined };
});

each(
  $.referralUpdates,
  updateReferral(
    { caseExternalId: 'record_id', caseId: $.data.caseId, id: $.data.id, data: $.data.data },
    state => ({ ...state, references: [] })
  )
);

each($.updates, refusable('update', updateCase($.data.id, { data: $.data.data }, state => ({ ...state, references: [] }))));

each($.creates, refusable('create', createCase({ data: $.data.data }, state => ({ ...state, references: [] }))));

fn(state => {
  const summary = {
    since: state.since,
    clientsRead: state.clientsRead,
    casesCreated: state.creates.length - state.refused.filter(r => r.action === 'create').length,
    casesUpdated: state.updates.length - state.refused.filter(r => r.action === 'update').length,
    casesRefused: state.refused,
    referralsDecided: state.referralUpdates.length,
    clientsSkipped: state.skipped,
  };
  if (state.refused.length > 0) console.warn(`Primero refused ${state.refused.length} cases (summary.casesRefused)`);
  console.log(
    `OSCaR → Primero: ${summary.clientsRead} clients read, ${summary.casesCreated} cases created, ` +
      `${summary.casesUpdated} updated, ${summary.referralsDecided} referrals decided; next cursor ${state.nextQueryDate}`
  );
  return { lastQueryDate: state.nextQueryDate, summary };
});
