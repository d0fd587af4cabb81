// OCHA response plan → PRP, step 2 (adaptor: hpc; credential: HPC + PRP): cluster objectives and activities, and
// every indicator with its targets, disaggregation groups and categories, and locations (system-apis §4.3).
// Rules as PRP's own importer: an objective (CO/SO) belongs to the cluster it hangs under, or to the cluster of an
// activity supporting it, and is skipped (with a log line) when it has none; an activity's objective is the first
// one it supports; an indicator hangs under the plan, cluster, objective or activity it is attached to.

const PARENTS = { plan: 'response_plan', governingEntity: 'cluster' };

getPlan(state => state.planId);

fn(state => ({ ...state, plan: state.data }));

getDisaggregationGroups();

fn(state => {
  const plan = state.plan;
  const categories = {};
  for (const group of state.data || []) {
    for (const category of group.disaggregationCategories || []) categories[category.id] = { group: group.label, label: category.label };
  }
  const clusterIds = new Set((plan.governingEntities || []).filter(g => g.entityPrototype && g.entityPrototype.refCode === 'CL').map(g => g.id));
  const entities = plan.planEntities || [];
  const refCode = e => e.entityPrototype && e.entityPrototype.refCode;
  const activities = entities.filter(e => refCode(e) === 'CA');
  const skipped = [];

  const objectives = [];
  for (const entity of entities.filter(e => refCode(e) === 'CO' || refCode(e) === 'SO')) {
    const child = activities.find(a => supportedIds(a).includes(entity.id) && clusterIds.has(a.parentId));
    const cluster = clusterIds.has(entity.parentId) ? entity.parentId : child && child.parentId;
    if (!cluster) {
      skipped.push(`objective ${entity.id}: no cluster`);
      continue;
    }
    objectives.push({ external_id: entity.id, cluster: String(cluster), title: description(entity).slice(0, 2048), ref_code: refCode(entity) });
  }
  const objectiveIds = new Set(objectives.map(o => o.external_id));

  const activityRecords = [];
  for (const entity of activities) {
    const supported = supportedIds(entity);
    const objective = supported.find(id => objectiveIds.has(id));
    if (!objective) {
      skipped.push(`activity ${entity.id}: no imported objective among [${supported.join(', ')}]`);
      continue;
    }
    if (supported.length > 1) console.log(`Activity ${entity.id} supports ${supported.length} objectives; linked to the first, ${objective}`);
    const record = { external_id: entity.id, objective: String(objective), title: description(entity).slice(0, 2048) };
    if (clusterIds.has(entity.parentId)) record.cluster = String(entity.parentId);
    activityRecords.push(record);
  }
  const activityIds = new Set(activityRecords.map(a => a.external_id));

  const indicators = [];
  const attach = (owner, parentType, parent) => {
    for (const attachment of owner.attachments || []) {
      if (attachment.type !== 'indicator') continue;
      if (parent === undefined) {
        skipped.push(`indicator ${attachment.id}: its ${parentType} ${owner.id} was not imported`);
        continue;
      }
      indicators.push(indicator(attachment, parentType, parent, categories, skipped));
    }
  };
  attach(plan, PARENTS.plan, String(plan.id));
  for (const g of plan.governingEntities || []) attach(g, PARENTS.governingEntity, clusterIds.has(g.id) ? String(g.id) : undefined);
  for (const e of entities) {
    if (refCode(e) === 'CA') attach(e, 'activity', activityIds.has(e.id) ? String(e.id) : undefined);
    else attach(e, 'objective', objectiveIds.has(e.id) ? String(e.id) : undefined);
  }

  skipped.forEach(s => console.log(`Skipped ${s}`));
  console.log(`Plan ${plan.id}: ${objectives.length} objectives, ${activityRecords.length} activities, ${indicators.length} indicators`);
  return { ...state, plan: undefined, objectives, activities: activityRecords, indicators, skipped };
});

upsertPrp('objectives', state => state.objectives);
upsertPrp('activities', state => state.activities);
upsertPrp('indicators', state => state.indicators);

fn(state => {
  const { objectives, activities, indicators, skipped, plan, ...rest } = state;
  return {
    ...rest,
    data: { objectives: objectives.length, activities: activities.length, indicators: indicators.length, skipped },
    references: [],
  };
});

function description(entity) {
  const value = entity.planEntityVersion && entity.planEntityVersion.value;
  return (value && value.description) || `Plan entity ${entity.id}`;
}

// A PRP indicator from an HPC indicator attachment: totals by type as PRP's ratio values, the disaggregation groups
// its categories belong to, and the locations it is reported for.
function indicator(attachment, parentType, parent, categories, skipped) {
  const value = (attachment.attachmentVersion && attachment.attachmentVersion.value) || {};
  const values = (value.metrics && value.metrics.values) || {};
  const totals = values.totals || [];
  const ratio = type => {
    const total = totals.find(t => t.type === type);
    const number = total ? toNumber(total.value) : null;
    return number === null ? null : { v: number, d: 1 };
  };
  const disaggregated = values.disaggregated || {};
  const groups = [];
  for (const category of disaggregated.categories || []) {
    for (const id of category.ids || []) {
      const known = categories[id];
      if (!known) continue;
      let group = groups.find(g => g.name === known.group);
      if (!group) groups.push((group = { name: known.group, values: [] }));
      if (!group.values.includes(known.label)) group.values.push(known.label);
    }
  }
  const locations = [];
  for (const location of disaggregated.locations || []) {
    if (location.id == null || !location.name || !location.iso3 || location.adminLevel == null) {
      skipped.push(`location ${location.name || location.id} of indicator ${attachment.id}: incomplete`);
      continue;
    }
    locations.push({
      external_id: String(location.id), name: location.name, admin_level: location.adminLevel, iso3: location.iso3,
      parent: location.parent ? location.parent.name : null,
    });
  }
  return {
    external_id: attachment.id,
    parent_type: parentType,
    parent,
    title: value.description || `Indicator ${attachment.id}`,
    target: ratio('target'),
    baseline: ratio('baseline'),
    in_need: ratio('inNeed'),
    disaggregatable: Boolean(attachment.attachmentVersion && attachment.attachmentVersion.hasDisaggregatedData) || groups.length > 0,
    disaggregations: groups,
    locations,
  };
}
