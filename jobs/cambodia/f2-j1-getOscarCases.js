// Flow 2 (OSCaR → Primero), step 1 of 2: the OSCaR clients changed since the cursor.
// Adaptor: @openfn-dotnet/language-oscar@1.0.0. Rules: system-apis.md §2.2, §5.7.
//
// OSCaR lists, for every NGO, the clients it shares with this external system: referred ones (with their services,
// referrals to and from Primero and their statuses) and the others (for duplicate checks). OSCaR filters by day only,
// so the cursor (state.lastQueryDate) is a date, 'YYYY-MM-DD 00:00:00': each run re-reads the whole day, which is
// safe because f2-j2 writes only differences. No cursor yet: every shared client.
//
// The next cursor is the UTC date one hour before this run started: re-reading a day near midnight is harmless,
// skipping the last minutes of one (a runner clock ahead of OSCaR's) is not.

fn(state => ({
  ...state,
  since: state.lastQueryDate || null,
  nextQueryDate: new Date(Date.now() - 60 * 60 * 1000).toISOString().slice(0, 10) + ' 00:00:00',
}));

getClients($.since, {});

// OSCaR concatenates its NGOs, so a child served by two NGOs appears twice: one record per global_id, the referred
// row first, with the services of both.
fn(state => {
  const byGlobalId = new Map();
  for (const row of state.data) {
    if (!row.global_id) continue;
    const seen = byGlobalId.get(row.global_id);
    if (!seen) byGlobalId.set(row.global_id, { ...row, services: [...(row.services || [])] });
    else {
      const merged = seen.is_referred || !row.is_referred ? seen : { ...row };
      merged.services = [...seen.services, ...(row.services || [])];
      byGlobalId.set(row.global_id, merged);
    }
  }
  const clients = [...byGlobalId.values()];
  const referred = clients.filter(c => c.is_referred).length;
  console.log(`${state.data.length} OSCaR rows since ${state.since || 'the beginning'}: ${clients.length} clients, ${referred} referred`);
  return { ...state, data: null, references: [], clientsRead: clients.length, clients };
});
