// Primero → proGres (flow 1-2), step 1 (adaptor: primero 4.x; credential: Primero). Hourly: UNICEF's decisions on the
// referrals UNHCR sent (a Primero user sets the service's unhcr_referral_status to accepted or rejected).
//
// Fixes the public job, which picked the services whose service_request_agency was "UNHCR": that field holds the
// referring officer's partner code (e.g. DAD-17-PNR-00011) when there is one, so those decisions were never sent
// back. A service that came from proGres is recognised by what flow 1 always writes: service_request_external and
// progres_interventionnumber. Each decision is sent once: state.sentDecisions remembers the status sent per
// intervention, so a case edited again later does not send the same decision twice.

const LOOKBACK_HOURS = 24;

fn(state => {
  const runStartedAt = new Date().toISOString();
  const since = state.lastRunDateTime || new Date(Date.now() - LOOKBACK_HOURS * 3600 * 1000).toISOString();
  console.log(`Looking for decisions on UNHCR referrals made since ${since}`);
  return { ...state, runStartedAt, since };
});

getCases(state => ({ remote: true, last_updated_at: `${state.since}..` }), {});

fn(state => {
  const sent = state.sentDecisions || {};
  const decisions = [];
  for (const record of state.data) {
    for (const service of record.services_section || []) {
      const fromProgres = service.service_request_external === true && service.progres_interventionnumber;
      const status = service.unhcr_referral_status;
      if (!fromProgres || (status !== 'accepted' && status !== 'rejected')) continue;
      if (sent[service.progres_interventionnumber] === status) continue;
      decisions.push({
        case_id: record.case_id,
        primero_user: record.owned_by,
        progres_interventionnumber: service.progres_interventionnumber,
        status: status === 'accepted' ? 'acknowledged' : 'rejected',
        closure_reason: service.unhcr_referral_rejection_reason || 'No reason specified.',
      });
    }
  }
  console.log(`${decisions.length} decision(s) to send to DTP from ${state.data.length} updated case(s)`);
  return { lastRunDateTime: state.lastRunDateTime, sentDecisions: sent, runStartedAt: state.runStartedAt, decisions, data: null, references: [] };
});
