// Primero → proGres, step 2 (adaptor: progres; credential: the DTP gateway): one DTP message per referred service.
// Only the four agreed types are exchanged (system-apis §6.1): the Primero service type is mapped back to its
// proGres intervention type; a service of any other type is refused by the adaptor, logged and not sent, and the
// others still go. A DTP refusal fails the run, so the cursor stays and the next run tries again.
// The new cursor is the start of this run.

fn(state => {
  const types = codes().interventionTypes;
  return {
    ...state,
    messages: state.messages.map(m => {
      const agreed = types.find(t => t.primero === m.service_type);
      return agreed ? { ...m, service_type: agreed.progres } : m;
    }),
  };
});

each(
  state => state.messages,
  fn(state => {
    try {
      sendReferral(state.data)(state);
      return { ...state, sent: [...(state.sent || []), state.data.id] };
    } catch (error) {
      if (error.code !== 'UNSUPPORTED_TYPE') throw error;
      console.log(`Not sent: ${error.message}`);
      return { ...state, refused: [...(state.refused || []), { id: state.data.id, reason: error.message }] };
    }
  })
);

fn(state => {
  console.log(`Sent ${(state.sent || []).length} referral(s) to DTP; refused ${(state.refused || []).length}`);
  return {
    lastRunDateTime: state.runStartedAt,
    recentlySent: state.sent || [],
    refused: state.refused || [],
    data: null,
    references: [],
  };
});
