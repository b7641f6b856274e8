import { useEffect, useState } from 'preact/hooks';
import { connectionStatuses } from '../../domain/connection-states.js';
import { get, messageOf, type Connection, type Page } from './api.js';
import { attentionOf, problemOf, when } from './format.js';
import { Table } from './table.js';

export interface Filters {
  status: string;
  integration: string;
  tenant: string;
  needsAttention: boolean;
}

const PAGE_SIZE = 25;

export function filtersFrom(query: URLSearchParams): Filters {
  return {
    status: query.get('status') ?? '',
    integration: query.get('integration') ?? '',
    tenant: query.get('tenant') ?? '',
    needsAttention: query.get('needsAttention') !== 'false',
  };
}

function queryOf(filters: Filters): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.status) query.set('status', filters.status);
  if (filters.integration) query.set('integration', filters.integration);
  if (filters.tenant) query.set('tenant', filters.tenant);
  query.set('needsAttention', String(filters.needsAttention));
  return query;
}

/**
 * Connections across tenants, those needing someone first. Filters live in the URL so Back keeps
 * them; main.tsx remounts this page for each, so paging and the form start afresh.
 */
export function Home({ filters, onFilters }: { filters: Filters; onFilters: (query: URLSearchParams) => void }) {
  const [integrations, setIntegrations] = useState<{ slug: string; name: string }[]>([]);
  // Cursors of the pages before this one (Previous pops), and this page's.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<Connection> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    get<{ items: { slug: string; name: string }[] }>('/v1/integrations').then((r) => setIntegrations(r.items), () => undefined);
  }, []);

  const cursor = cursors.at(-1) ?? null;
  useEffect(() => {
    const query = queryOf(filters);
    query.set('limit', String(PAGE_SIZE));
    if (cursor) query.set('cursor', cursor);
    setPage(null);
    setError(null);
    // An answer to filters since replaced must not overwrite the newer one.
    let current = true;
    get<Page<Connection>>(`/v1/connections?${query.toString()}`).then(
      (answer) => current && setPage(answer),
      (e: unknown) => current && setError(messageOf(e)),
    );
    return () => {
      current = false;
    };
  }, [cursor, filters.status, filters.integration, filters.tenant, filters.needsAttention]);


  return (
    <section aria-labelledby="list-title">
      <h2 id="list-title">Connections</h2>
      <form
        class="filters"
        aria-label="Filters"
        onSubmit={(e) => {
          e.preventDefault();
          // The controls hold the draft (they start from the URL: main.tsx remounts this page when it changes).
          const form = new FormData(e.currentTarget);
          const field = (name: string) => String(form.get(name) ?? '').trim();
          onFilters(queryOf({ status: field('status'), integration: field('integration'), tenant: field('tenant'), needsAttention: form.has('needsAttention') }));
        }}
      >
        <label>
          Status
          <select name="status" defaultValue={filters.status}>
            <option value="">any</option>
            {connectionStatuses.map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Integration
          <select name="integration" defaultValue={filters.integration}>
            <option value="">any</option>
            {integrations.map((i) => (
              <option value={i.slug} selected={i.slug === filters.integration}>
                {i.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tenant
          <input name="tenant" defaultValue={filters.tenant} placeholder="any" />
        </label>
        <label class="check">
          <input type="checkbox" name="needsAttention" defaultChecked={filters.needsAttention} />
          Needs attention only
        </label>
        <button type="submit">Apply filters</button>
      </form>

      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {!page && !error && <p aria-live="polite">Loading…</p>}
      {page && page.items.length === 0 && <p>No connection matches these filters.</p>}
      {page && page.items.length > 0 && (
        <Table labelledBy="list-title" columns={['Connection', 'Tenant', 'Integration', 'Status', 'Problem', 'Last sync']}>
          {page.items.map((c) => {
            const problem = problemOf(c);
            const attention = attentionOf(c);
            return (
              <tr key={c.id}>
                <td>
                  <a href={`#/connections/${c.id}`}>{c.name}</a>
                </td>
                <td>{c.tenantId}</td>
                <td>{c.integration}</td>
                <td>
                  <span class={`status status-${c.status}`}>{c.status}</span>
                  {attention && <span class="attention">{attention}</span>}
                </td>
                <td>
                  {problem ? (
                    <>
                      <code>{problem.code}</code> {problem.hint}
                    </>
                  ) : (
                    '–'
                  )}
                </td>
                <td>{when(c.sync.lastSyncAt)}</td>
              </tr>
            );
          })}
          </Table>
      )}
      <nav class="pager" aria-label="Pages">
        <button type="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous page
        </button>
        <span>Page {cursors.length}</span>
        <button type="button" disabled={!page?.nextCursor} onClick={() => page?.nextCursor && setCursors([...cursors, page.nextCursor])}>
          Next page
        </button>
      </nav>
    </section>
  );
}
