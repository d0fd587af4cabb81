// OCHA partner project → PRP, step 4 (adaptor: hpc; credential: HPC + PRP): the project's clusters, its indicators,
// and its funding from FTS (system-apis §4.3).
// - Clusters: the version's governing entities that are clusters (entityPrototypeId 9 or entityType CL).
// - Indicators: the project's indicator attachments, under the partner project, keyed "<project>-<attachment>"
//   (the attachment ids are the plan's, so the plan indicator keeps its own record), with totals by name.en.
// - Funding: every FTS flow of the project (all pages) whose Project destination carries the project code;
//   total_budget is the sum of amountUSD in USD, and each flow keeps originalAmount and originalCurrency, also summed
//   per original currency (adding EUR to NOK would mean nothing); funding_source lists the donors.

const TOTALS = { target: 'Target', in_need: 'In Need', baseline: 'Baseline' };

fn(state => {
  const { version } = state.project;
  const clusters = (version.governingEntities || [])
    .filter(g => g.entityPrototypeId === 9 || g.entityType === 'CL')
    .map(g => String(g.id));
  return { ...state, partnerProject: { ...state.partnerProject, clusters } };
});

upsertPrp('partner-projects', state => state.partnerProject);

getProjectAttachments(state => state.project.id);

fn(state => {
  const projectId = state.project.id;
  const indicators = (state.data || [])
    .map(item => item.attachment)
    .filter(a => a && a.type === 'indicator')
    .map(a => {
      const value = (a.attachmentVersion && a.attachmentVersion.value) || {};
      const totals = (value.metrics && value.metrics.values && value.metrics.values.totals) || [];
      const record = {
        external_id: `${projectId}-${a.id}`,
        parent_type: 'partner_project',
        parent: String(projectId),
        title: value.description || `Indicator ${a.id}`,
        ocha_attachment: a.id,
        activity: a.objectId == null ? null : String(a.objectId),
      };
      for (const [field, name] of Object.entries(TOTALS)) {
        const total = totals.find(t => t.name && t.name.en === name);
        const number = total ? toNumber(total.value) : null;
        record[field] = number === null ? null : { v: number, d: 1 };
      }
      return record;
    });
  return { ...state, indicators };
});

upsertPrp('indicators', state => state.indicators);

getFlows(state => ({ projectId: state.project.id }));

fn(state => {
  const code = state.project.version.code;
  const flows = (state.data.flows || []).filter(f =>
    (f.destinationObjects || []).some(o => o.type === 'Project' && (!code || o.code === code)));
  const byCurrency = {};
  let totalUsd = 0;
  const donors = [];
  for (const flow of flows) {
    totalUsd += toNumber(flow.amountUSD) || 0;
    const currency = flow.originalCurrency || 'USD';
    byCurrency[currency] = (byCurrency[currency] || 0) + (toNumber(flow.originalAmount) || 0);
    for (const source of flow.sourceObjects || []) {
      if (source.type === 'Organization' && !donors.includes(source.name)) donors.push(source.name);
    }
  }
  const funding = {
    external_id: state.project.id,
    total_budget: totalUsd,
    currency: 'USD',
    original_amounts: byCurrency,
    funding_source: donors.join('; '),
    flows: flows.map(f => ({
      external_id: f.id, status: f.status, amount_usd: toNumber(f.amountUSD), original_amount: toNumber(f.originalAmount),
      original_currency: f.originalCurrency || 'USD', date: f.date ? String(f.date).slice(0, 10) : null,
      source: (f.sourceObjects || []).filter(o => o.type === 'Organization').map(o => o.name).join('; '),
    })),
  };
  console.log(`Project ${state.project.id}: ${flows.length} FTS flows, ${totalUsd} USD`);
  return { ...state, funding };
});

upsertPrp('funding', state => state.funding);

fn(state => ({
  data: {
    partnerProject: state.partnerProject.external_id,
    clusters: state.partnerProject.clusters,
    indicators: state.indicators.length,
    funding: state.funding.total_budget,
  },
  references: [],
}));
