// DTP → Primero (flow 2-3; adaptor: primero 4.x; credential: Primero): UNHCR's decision on a referral UNICEF sent.
// progres_orgreferralid is "<case_id>#<last 12 characters of the service unique_id>" (the id flow 2 sent); the
// Primero referral created from that service gets status accepted or rejected (with "reason: comment").
//
// Fixes the public job, whose decisions could silently never reach Primero: a referral without service_record_id
// crashed the search and every error was rewritten as "No case found"; an unknown case was skipped without error;
// unknown decision codes were PATCHed as a status; and Primero ignores a decision on a referral that is no longer
// in progress while still answering 200. Here an unknown case fails the run, other decision codes are logged and
// skipped, and a PATCH Primero did not apply is reported.

each(
  state => state.decisions,
  fn(async state => {
    const decision = state.data;
    if (decision.decision !== 'accepted' && decision.decision !== 'rejected') {
      console.log(`Decision ${decision.referralNumber} has review decision code ${decision.decisionCode}; only accepted and rejected are applied, skipping`);
      return state;
    }
    const referrals = (await getReferrals({ externalId: 'case_id', id: decision.caseId })(state)).data || [];
    const referral = referrals.find(r => typeof r.service_record_id === 'string' && r.service_record_id.slice(-12) === decision.serviceSuffix);
    if (!referral) {
      throw new Error(`Case ${decision.caseId} has no referral for the service ending ${decision.serviceSuffix} (decision ${decision.referralNumber})`);
    }
    const data = { status: decision.decision };
    if (decision.decision === 'rejected') {
      data.rejected_reason = [decision.rejectionReason, decision.rejectionComment].filter(Boolean).join(': ') || 'No reason given by UNHCR';
    }
    const answer = (await updateReferral({ caseExternalId: 'record_id', caseId: referral.record_id, id: referral.id, data })(state)).data;
    const status = answer && answer.body && answer.body.data && answer.body.data.status;
    if (status !== decision.decision) {
      throw new Error(`Primero kept referral ${referral.id} of case ${decision.caseId} in status '${status}' instead of '${decision.decision}' (a decision applies only to a referral in progress)`);
    }
    console.log(`Referral ${referral.id} of case ${decision.caseId}: ${decision.decision}`);
    return { ...state, applied: [...(state.applied || []), { caseId: decision.caseId, referralId: referral.id, status }] };
  })
);

fn(state => ({ data: { applied: state.applied || [] }, references: [] }));
