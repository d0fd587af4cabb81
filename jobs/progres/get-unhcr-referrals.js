// Primero → proGres (flows 2-1/2-2), step 1 (adaptor: primero 4.x; credential: Primero). Hourly: the services
// implemented by UNHCR that were referred in Primero since the last run, as DTP referral messages.
//
// Cursor: state.lastRunDateTime (the start of the last successful run; the first run looks back LOOKBACK_HOURS).
// state.recentlySent holds the ids sent by the last run, so a referral created while that run was going is not sent
// twice. Every page of cases is read (the public job asked for per=2000, which Primero ≥ 2.11 caps at 1000).

const UNHCR_USERS = ['unhcr_cw', 'unhcr_cw1'];
const LOOKBACK_HOURS = 24;
// Who signs a referral when its owner is not a Primero user any more (system-apis §6.4).
const FALLBACK_USER = { position: 'CPIMS+', email: 'notavailable@gambella.example.org', phone: '0000000000', full_name: 'CPIMS+ Administrator' };
const LANGUAGE_NAMES = {
  language1: 'Anyuak', language2: 'Nuer', language3: 'Dinka', language4: 'Bari', language5: 'Amharic', language6: 'Other',
  language7: 'Bembe', language8: 'Somali', language10: 'Acholi', _arabic: 'Arabic', _english: 'English', _french: 'French',
};
const SEX = { unknown_4b34795: 'unknown', other_b25f252: 'other' };

fn(state => {
  const runStartedAt = new Date().toISOString();
  const since = state.lastRunDateTime || new Date(Date.now() - LOOKBACK_HOURS * 3600 * 1000).toISOString();
  console.log(`Looking for UNHCR referrals made since ${since}`);
  return { ...state, runStartedAt, since };
});

getCases(
  state => ({ remote: true, associated_user_names: UNHCR_USERS, last_updated_at: `${state.since}..` }),
  { withReferrals: true },
  state => ({ ...state, cases: state.data })
);

http.get('users', { query: { per: 100000, page: 1 } });

fn(state => {
  const users = (state.data && state.data.data) || [];
  const since = new Date(state.since).getTime();
  const alreadySent = new Set(state.recentlySent || []);
  const messages = [];
  for (const record of state.cases) {
    const referred = new Set(
      (record.referrals || [])
        .filter(r => r.service_record_id && new Date(r.created_at).getTime() >= since)
        .map(r => r.service_record_id)
    );
    for (const service of record.services_section || []) {
      if (service.service_implementing_agency !== 'UNHCR' || !referred.has(service.unique_id)) continue;
      const id = `${record.case_id}#${service.unique_id.slice(-12)}`;
      if (alreadySent.has(id)) continue;
      const owner = users.find(u => u.user_name === record.owned_by) || FALLBACK_USER;
      const languages = [].concat(record.language || []).map(l => LANGUAGE_NAMES[l] || l);
      messages.push({
        id,
        primero_user: record.owned_by,
        position: owner.position,
        email: owner.email,
        phone: owner.phone,
        full_name: owner.full_name,
        owned_by_agency_id: 'UNICEF',
        service_implementing_agency: 'UNICEF',
        service_type: service.service_type, // mapped to the agreed proGres type in the next step
        service_type_other: service.service_type_other || null,
        service_referral_notes: service.service_referral_notes || 'Primero referral',
        service_response_day_time: service.service_response_day_time,
        unhcr_individual_no: record.unhcr_individual_no,
        unhcr_id_no: record.unhcr_id_no,
        name_first: record.name_first,
        name_middle: record.name_middle || null,
        name_last: record.name_last,
        name_nickname: record.name_nickname || null,
        date_of_birth: record.date_of_birth ? String(record.date_of_birth).slice(0, 10) : null,
        sex: SEX[record.sex] || record.sex,
        address_current: record.address_current,
        telephone_current: record.telephone_current == null ? null : String(record.telephone_current),
        language: languages.length > 0 ? languages.join(', ') : 'Other',
      });
    }
  }
  console.log(`${messages.length} referral(s) to send to DTP from ${state.cases.length} case(s)`);
  return { lastRunDateTime: state.lastRunDateTime, runStartedAt: state.runStartedAt, messages, data: null, references: [] };
});
