using System.Text;

namespace OpenFn.Bench;

/// <summary>Job texts for the compiler benchmarks: ten realistic jobs (invented, in the style of the Primero/OSCaR/proGres flows) and a generated 1,000-line job.</summary>
internal static class CompilerJobs
{
    public static readonly string[] Exports =
    [
        "fn", "fnIf", "each", "get", "post", "put", "patch", "request", "alterState", "dataValue", "dataPath", "field", "fields",
        "merge", "lastReferenceValue", "sourceValue", "log", "cursor", "getCases", "upsertCase", "getReferrals", "upsertReferral",
        "getForms", "getLookups", "http", "util", "dateFns", "chunk", "group", "combine", "scrubEmojis", "asData", "map", "parseCsv",
    ];

    public static readonly string[] Realistic =
    [
        """
        // Primero -> OSCaR: fetch cases changed since the cursor
        fn(state => ({ ...state, since: state.lastRunDateTime || '2024-01-01T00:00:00Z' }));
        getCases({ remote: true, last_updated_at: `${$.since}..` }, { withReferrals: true });
        fn(state => {
          const cases = state.data.filter(c => c.services_section && c.services_section.length > 0);
          console.log(`Found ${cases.length} cases with services`);
          return { ...state, cases, lastRunDateTime: new Date().toISOString() };
        });
        """,
        """
        import { fn, each, post } from '@openfn/language-http';
        const mapGender = { male: 'M', female: 'F', other: 'O' };
        const toOscar = c => ({
          external_id: c.case_id,
          given_name: c.name_first,
          family_name: c.name_last,
          gender: mapGender[c.sex] ?? 'U',
          date_of_birth: c.date_of_birth?.slice(0, 10) ?? null,
          location: [c.location_current, c.province].filter(Boolean).join(', '),
          services: (c.services_section || []).map(s => ({ type: s.service_type, status: s.service_implemented })),
        });
        fn(state => ({ ...state, payload: state.cases.map(toOscar) }));
        each('$.payload[*]', post('/api/v1/organizations/clients/upsert', state => ({ organization: 'demo', client: state.data })));
        fn(state => ({ ...state, references: [], cases: undefined }));
        """,
        """
        // proGres referral decisions back to Primero
        get('/api/referrals', { query: { status: 'pending', page_size: 100 } });
        fn(state => {
          const decisions = state.data.results.map(r => ({
            id: r.referral_id,
            accepted: r.decision === 'ACCEPT',
            reason: r.reason_text?.trim() || null,
            decidedAt: new Date(r.decision_date).toISOString(),
          }));
          return { ...state, decisions };
        });
        each($.decisions, upsertReferral($.data.id, { status: $.data.accepted ? 'accepted' : 'rejected', note: $.data.reason }));
        fnIf($.decisions.length === 0, log('no decisions'));
        """,
        """
        const BATCH = 50;
        const clean = v => typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : v;
        function normalize(row) {
          const out = {};
          for (const [k, v] of Object.entries(row)) out[k.toLowerCase().replace(/[^a-z0-9]+/g, '_')] = clean(v);
          return out;
        }
        fn(state => ({ ...state, rows: state.data.rows.map(normalize) }));
        fn(state => {
          const batches = [];
          for (let i = 0; i < state.rows.length; i += BATCH) batches.push(state.rows.slice(i, i + BATCH));
          return { ...state, batches };
        });
        each($.batches, post('/bulk', { records: $.data }).then(s => ({ ...s, sent: (s.sent || 0) + 1 })));
        """,
        """
        // OCHA HPC: flows for a plan, grouped by organisation
        get(`/v1/public/fts/flow?planId=${state.configuration.planId}`);
        fn(state => {
          const byOrg = {};
          for (const f of state.data.data.flows) {
            for (const org of f.sourceObjects.filter(o => o.type === 'Organization')) {
              byOrg[org.name] = (byOrg[org.name] || 0) + f.amountUSD;
            }
          }
          const top = Object.entries(byOrg).sort((a, b) => b[1] - a[1]).slice(0, 10);
          return { ...state, data: top.map(([name, usd]) => ({ name, usd: Math.round(usd) })) };
        });
        """,
        """
        alterState(state => {
          state.data = state.data || {};
          state.data.submitted = state.data.submitted || [];
          return state;
        });
        post('/api/v2/cases', { body: { data: state.data.case } }, state => {
          console.log('created', state.data.id);
          return state;
        });
        get('/api/v2/cases/' + state.data.case_id).catch((error, state) => {
          console.log('lookup failed', error.message);
          return { ...state, missing: true };
        });
        """,
        """
        // OSCaR -> Primero with lazy state everywhere
        each(
          '$.data.clients[*]',
          upsertCase({
            externalIds: ['oscar_number'],
            data: {
              oscar_number: $.data.global_id,
              name_first: $.data.given_name,
              name_last: $.data.family_name,
              sex: $.data.gender === 'M' ? 'male' : 'female',
              date_of_birth: $.data.date_of_birth,
              owned_by: $.data.case_worker_email ? $.data.case_worker_email.split('@')[0] : 'openfn',
              services_section: ($.data.services || []).map(s => ({ service_type: s.name, service_response_type: 'referral' })),
            },
          })
        );
        """,
        """
        const requiredFields = ['case_id', 'name', 'registration_date'];
        function validate(c) {
          const missing = requiredFields.filter(f => c[f] === undefined || c[f] === null || c[f] === '');
          return missing.length ? { ok: false, missing } : { ok: true };
        }
        fn(state => {
          const results = state.data.map(c => ({ id: c.case_id, ...validate(c) }));
          const failed = results.filter(r => !r.ok);
          if (failed.length > 0) console.log(`${failed.length} invalid records`, JSON.stringify(failed.slice(0, 3)));
          return { ...state, valid: state.data.filter((c, i) => results[i].ok), failed };
        });
        each($.valid, post('/cases', $.data));
        fn(state => ({ ...state, summary: { valid: state.valid.length, failed: state.failed.length } }));
        """,
        """
        class Cursor {
          constructor(value) { this.value = value ? new Date(value) : new Date(Date.now() - 86400000); }
          advance(to) { if (to > this.value) this.value = to; return this; }
          toJSON() { return this.value.toISOString(); }
        }
        fn(state => ({ ...state, cursor: new Cursor(state.cursor) }));
        get('/api/changes', { query: { since: $.cursor.value.toISOString() } });
        fn(async state => {
          let latest = state.cursor.value;
          for (const change of state.data.changes) {
            const at = new Date(change.updated_at);
            if (at > latest) latest = at;
          }
          state.cursor.advance(latest);
          return { ...state, cursor: state.cursor.toJSON() };
        });
        """,
        """
        import { fn, get, each, post } from '@openfn/language-http';
        fn(state => { state.page = 1; state.all = []; return state; });
        get('/api/items', { query: { page: 1 } });
        fn(state => ({ ...state, all: state.all.concat(state.data.items), more: state.data.next != null }));
        fnIf($.more, get('/api/items', { query: { page: 2 } }));
        fn(state => {
          const seen = new Set();
          const unique = state.all.filter(i => !seen.has(i.id) && seen.add(i.id));
          const totals = unique.reduce((acc, i) => { acc[i.category] = (acc[i.category] || 0) + i.quantity; return acc; }, {});
          return { ...state, data: { unique: unique.length, totals } };
        });
        each($.all, post(`/archive/${$.data.id}`, { body: $.data, headers: { 'x-source': 'openfn' } }));
        """,
    ];

    /// <summary>A job of at least <paramref name="lines"/> lines (whole blocks of the realistic jobs, declarations renamed).</summary>
    public static string Large(int lines = 1000)
    {
        var text = new StringBuilder();
        var count = 0;
        var block = 0;
        while (count < lines)
        {
            var chunk = Realistic[block % Realistic.Length].Replace("import ", "// import ");
            foreach (var line in chunk.Split('\n'))
            {
                // Rename declarations so repeated blocks do not redeclare them.
                text.Append(line.Replace("BATCH", $"BATCH{block}").Replace("mapGender", $"mapGender{block}").Replace("toOscar", $"toOscar{block}")
                    .Replace("clean", $"clean{block}").Replace("normalize", $"normalize{block}").Replace("requiredFields", $"requiredFields{block}")
                    .Replace("validate", $"validate{block}").Replace("class Cursor", $"class Cursor{block}").Replace("new Cursor", $"new Cursor{block}")).Append('\n');
                count++;
            }
            block++;
        }
        return text.ToString();
    }
}
