// OCHA HPC Tools API and the PRP import target (no OpenFn package; system-apis §4). Arguments are resolved here;
// envelopes, paging, auth and HTTP happen in C#.
(function (common, host) {
  'use strict';

  function operation(name, arity) {
    return function () {
      const args = Array.prototype.slice.call(arguments, 0, arity);
      const callback = arguments[arity];
      return function (state) {
        const resolved = args.map(function (arg) { return common.expandReferences(state, arg); });
        const result = host.invoke(name, resolved, state.configuration);
        const nextState = common.composeNextState(state, result.data);
        return typeof callback === 'function' ? callback(nextState) : nextState;
      };
    };
  }

  // The ids a plan entity supports (its parent objectives): planEntityVersion.value.support is a list of
  // { planEntityIds } on most plans and an object keyed "0", "1", … on some (system-apis §4.2).
  function supportedIds(planEntity) {
    const value = planEntity && planEntity.planEntityVersion && planEntity.planEntityVersion.value;
    const support = value && value.support;
    if (!support || typeof support !== 'object') return [];
    const items = Array.isArray(support) ? support : Object.keys(support).sort().map(function (k) { return support[k]; });
    const ids = [];
    items.forEach(function (item) {
      ((item && item.planEntityIds) || []).forEach(function (id) { ids.push(id); });
    });
    return ids;
  }

  // HPC figures come as numbers or numeric strings, sometimes with thousands separators; anything else is null.
  function toNumber(value) {
    if (typeof value === 'number') return Number.isFinite(value) ? value : null;
    if (typeof value !== 'string') return null;
    const text = value.replace(/,/g, '').trim();
    if (text === '' || !/^-?\d+(\.\d+)?$/.test(text)) return null;
    return Number(text);
  }

  return {
    getPlan: operation('getPlan', 2),
    getPlansByYear: operation('getPlansByYear', 1),
    getProject: operation('getProject', 1),
    getProjectAttachments: operation('getProjectAttachments', 1),
    getDisaggregationGroups: operation('getDisaggregationGroups', 0),
    getFlows: operation('getFlows', 1),
    getPrp: operation('getPrp', 2),
    upsertPrp: operation('upsertPrp', 2),
    supportedIds: supportedIds,
    toNumber: toNumber,
    execute: {
      before: function (state) { return { references: [], data: null, ...state }; },
      after: function (state) { return state; },
    },
  };
})
