// proGres → Primero, step 3 (adaptor: progres; credential: the DTP gateway): tells DTP each referral is now in Primero
// ("Pending Acknowledgement"), naming the Primero case and its owner.

each(
  state => state.stored,
  sendSuccessNotification(state => ({
    progres_interventionnumber: state.data.interventionNumber,
    case_id: state.data.case_id,
    primero_user: state.data.owned_by,
  }))
);

fn(state => ({ data: { stored: state.stored }, references: [] }));
