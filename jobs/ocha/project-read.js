// OCHA partner project → PRP, step 1 (adaptor: hpc; credential: HPC + PRP): reads the project (its published
// version) and names its response plan, which the next step imports or refreshes first, because PRP keeps a
// partner project under its plan. Input: { projectId } (the inbox body).

fn(state => {
  const projectId = state.projectId || (state.data && state.data.projectId);
  if (!projectId) throw new Error('Project import: no projectId (send { "projectId": 203417 })');
  return { ...state, projectId: Number(projectId) };
});

getProject(state => state.projectId);

fn(state => {
  const project = state.data;
  const versions = project.projectVersions || [];
  const version = versions.find(v => v.id === project.currentPublishedVersionId) || project.projectVersion;
  if (!version) throw new Error(`Project ${project.id} has no published version`);
  const plan = (version.plans || [])[0];
  if (!plan) throw new Error(`Project ${project.id} (${version.code}) belongs to no response plan`);
  console.log(`Project ${project.id} ${version.code}: version ${version.id}, plan ${plan.id}`);
  return { ...state, planId: plan.id, project: { id: project.id, version }, data: null, references: [] };
});
