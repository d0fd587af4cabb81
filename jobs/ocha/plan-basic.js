// OCHA response plan → PRP, step 1 (adaptor: hpc; credential: HPC + PRP). The quick part: the plan itself (title,
// dates, plan type, workspace, locations) and its clusters, from one HPC request without disaggregation data, so
// users can start working on the plan while step 2 imports the details (system-apis §4.3).
// Input: { planId } (the inbox body, or state.planId when the project import runs this step).
// Every record is written by its OCHA id, so importing again updates and never duplicates.

function day(iso) {
  return iso ? String(iso).slice(0, 10) : undefined;
}

fn(state => {
  const planId = state.planId || (state.data && state.data.planId);
  if (!planId) throw new Error('Plan import: no planId (send { "planId": 1290 })');
  return { ...state, planId: Number(planId) };
});

getPlan(state => state.planId, { disaggregation: false });

fn(state => {
  const plan = state.data;
  const version = plan.planVersion || {};
  const emergency = (plan.emergencies || [])[0];
  const responsePlan = {
    external_id: plan.id,
    title: version.name,
    code: version.code,
    start: day(version.startDate),
    end: day(version.endDate),
    plan_type: (plan.categories || [])[0] && plan.categories[0].id === 5 ? 'FA' : 'HRP',
    locations: (plan.locations || []).map(l => ({
      external_id: String(l.id), name: l.name, iso3: l.iso3, admin_level: l.adminLevel, latitude: l.latitude, longitude: l.longitude,
    })),
  };
  if (emergency) responsePlan.workspace = { external_id: String(emergency.id), title: emergency.name, code: `EM${emergency.id}` };
  const clusters = (plan.governingEntities || [])
    .filter(g => g.entityPrototype && g.entityPrototype.refCode === 'CL')
    .map(g => ({ external_id: g.id, response_plan: String(plan.id), title: g.governingEntityVersion.name }));
  if (clusters.length === 0) throw new Error(`Plan ${plan.id}: this Response Plan has no Clusters.`);
  console.log(`Plan ${plan.id} "${version.name}": ${clusters.length} clusters`);
  return { ...state, responsePlan, clusters };
});

upsertPrp('response-plans', state => state.responsePlan);
upsertPrp('clusters', state => state.clusters);

fn(state => {
  const { responsePlan, clusters, ...rest } = state;
  return { ...rest, data: { responsePlan: responsePlan.external_id, clusters: clusters.map(c => c.external_id) }, references: [] };
});
