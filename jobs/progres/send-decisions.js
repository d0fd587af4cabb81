// Primero → proGres (flow 1-2), step 2 (adaptor: progres; credential: the DTP gateway): sends each decision to
// ReceiveDecisionOutgoingReferral and remembers it in state.sentDecisions. A DTP refusal fails the run; the cursor
// then stays where it was and the next run sends the decisions again (DTP may see one twice, never none).

each(
  state => state.decisions,
  fn(state => {
    const decision = state.data;
    sendDecision(decision)(state);
    const status = decision.status === 'acknowledged' ? 'accepted' : 'rejected';
    return { ...state, sentDecisions: { ...state.sentDecisions, [decision.progres_interventionnumber]: status } };
  })
);

fn(state => ({ lastRunDateTime: state.runStartedAt, sentDecisions: state.sentDecisions, data: null, references: [] }));
