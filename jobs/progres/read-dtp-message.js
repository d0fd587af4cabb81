// proGres → Primero, step 1 of the inbox workflow (adaptor: progres; credential: the DTP gateway).
// DTP posts one message per event to POST /inbox/progres; request_type says which (system-apis §3.1):
//   PrimeroOutgoingReferral (or none, in older messages): UNHCR refers individuals to UNICEF → Primero cases;
//   PrimeroIncomingReferralDecision: UNHCR's answer to a referral UNICEF sent → Primero referral status.
// This step validates the message and prepares what the Primero step writes. A referral DTP cannot deliver
// (missing fields, an intervention type outside the four agreed, unreadable data) is answered with an error
// notification carrying the matching closure reason, and the run fails with the adaptor's message.

// Gambella Primero: owner of the cases UNHCR refers, and the instance's option ids (system-apis §6.2).
const INTAKE_USER = 'progresv4_primero_intake@gambella.example.org';
const SEX = { female: 'female', male: 'male', other: 'other_b25f252', unknown: 'unknown_4b34795' };
const LANGUAGES = [
  [/^(anyuak|swahili|cutchi-swahili|swahili congo)$/i, 'language1'],
  [/^nuer$/i, 'language2'],
  [/^dinka/i, 'language3'],
  [/^bari$/i, 'language4'],
  [/^(amharic|zande)$/i, 'language5'],
  [/^bembe$/i, 'language7'],
  [/^somali$/i, 'language8'],
  [/^acholi$/i, 'language10'],
];

function languageId(name) {
  const match = LANGUAGES.find(([pattern]) => pattern.test(name.trim()));
  return match ? match[1] : 'language6';
}

function age(dateOfBirth, today) {
  if (!dateOfBirth) return undefined;
  const [y, m, d] = dateOfBirth.split('-').map(Number);
  let years = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) years -= 1;
  return years;
}

// One Primero case (with the referral as its service) per intervention.
function primeroCase(intervention, today) {
  const person = intervention.individual;
  const notes = [intervention.description, ...intervention.reasonsForReferral.map(r => r.text)].filter(Boolean).join(', ');
  const record = {
    unhcr_individual_no: person.progresId,
    unhcr_id_no: person.registrationGroup,
    name_first: person.givenName,
    name_middle: person.middleName,
    name_last: person.familyName,
    name_nickname: person.commonlyUsedName,
    date_of_birth: person.dateOfBirth,
    age: age(person.dateOfBirth, today),
    sex: person.sex ? SEX[person.sex] : undefined,
    telephone_current: person.phone,
    address_current: person.address,
    language: person.languages.length > 0 ? [...new Set(person.languages.map(languageId))] : undefined,
    status: 'open',
    owned_by: INTAKE_USER,
    module_id: 'primeromodule-cp',
    services_section: [
      {
        // The intervention's Dynamics id keeps the service stable when DTP sends the same intervention again.
        unique_id: intervention.interventionId || undefined,
        service_type: intervention.serviceType,
        service_response_day_time: intervention.startDate,
        service_request_external: true,
        service_request_title: intervention.referrer.title,
        service_request_phone: intervention.referrer.phone,
        service_request_email: intervention.referrer.email,
        service_request_agency: intervention.referrer.partner || 'UNHCR',
        service_referral_notes: notes,
        service_implementing_agency: 'UNICEF',
        service_response_type: 'service_provision',
        service_referral: 'external_referral',
        unhcr_referral_status: 'pending',
        progres_interventionnumber: intervention.interventionNumber,
      },
    ],
  };
  if (intervention.primeroId) record.case_id = intervention.primeroId;
  return JSON.parse(JSON.stringify(record)); // drops the undefined fields
}

fn(state => {
  const requestType = state.data && state.data.request_type;
  if (requestType === 'PrimeroIncomingReferralDecision') {
    const decisions = parseDecision(state.data);
    console.log(`DTP decision message: ${decisions.length} decision(s)`);
    return { ...state, kind: 'decision', decisions };
  }
  if (requestType !== undefined && requestType !== 'PrimeroOutgoingReferral') {
    throw new Error(`DTP message with request_type '${requestType}' is neither a referral (PrimeroOutgoingReferral) nor a decision (PrimeroIncomingReferralDecision)`);
  }

  let interventions;
  try {
    interventions = parseReferral(state.data);
  } catch (error) {
    if (error.closureReason && error.interventionNumber) {
      console.log(`Refusing intervention ${error.interventionNumber}: ${error.message}`);
      try {
        sendErrorNotification({
          progres_interventionnumber: error.interventionNumber,
          closure_reason: error.closureReason,
        })(state);
      } catch (notifyError) {
        console.log(`The error notification could not be sent: ${notifyError.message}`);
      }
    }
    throw error;
  }
  const today = new Date();
  const referrals = interventions.map(i => ({ interventionNumber: i.interventionNumber, case: primeroCase(i, today) }));
  console.log(`DTP referral message: intervention(s) ${referrals.map(r => r.interventionNumber).join(', ')}`);
  return { ...state, kind: 'referral', referrals };
});
