// proGres → Primero, step 2 (adaptor: primero 4.x; credential: Primero). Each referred individual becomes a Primero
// case found by unhcr_individual_no (created, or updated when it exists); the referral is the case's service that
// carries progres_interventionnumber.
//
// Re-delivery is safe: a service already holding this intervention number is updated in place (same unique_id), and
// a decision a Primero user already took on it (unhcr_referral_status accepted/rejected) is kept, not reset to pending.
// The confirmation sent to DTP in the next step carries the case_id and owner Primero actually stored (the public job
// read them from the incoming intervention, where they do not exist, so DTP never received them).

each(
  state => state.referrals,
  fn(async state => {
    const { interventionNumber, case: record } = state.data;
    const found = (await getCases({ unhcr_individual_no: record.unhcr_individual_no }, {})(state)).data;
    let stored;
    if (found.length === 0) {
      const created = (await createCase({ data: record })(state)).data;
      stored = { interventionNumber, case_id: created.case_id, record_id: created.id, owned_by: record.owned_by, created: true };
    } else {
      if (found.length > 1) console.log(`${found.length} cases have unhcr_individual_no ${record.unhcr_individual_no}; updating the first (${found[0].id})`);
      const existing = found[0];
      const service = record.services_section[0];
      const known = (existing.services_section || []).find(s => s.progres_interventionnumber === interventionNumber);
      if (known) {
        service.unique_id = known.unique_id;
        if (known.unhcr_referral_status && known.unhcr_referral_status !== 'pending') delete service.unhcr_referral_status;
      }
      const update = { ...record };
      delete update.owned_by; // the case may have been reassigned in Primero since
      await updateCase(existing.id, { data: update })(state);
      stored = { interventionNumber, case_id: existing.case_id, record_id: existing.id, owned_by: existing.owned_by, created: false };
    }
    console.log(`Intervention ${interventionNumber} stored in Primero case ${stored.case_id} (${stored.created ? 'created' : 'updated'})`);
    return { ...state, stored: [...(state.stored || []), stored] };
  })
);
