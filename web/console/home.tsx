import { useEffect, useRef, useState } from 'preact/hooks';
import { connectionStatuses } from '../../domain/connection-states.js';
import { get, messageOf, type Connection, type Page } from './api.js';
import { attentionOf, endUserText, problemOf, waitingText, when } from './format.js';
import { BulkActions } from './bulk.js';
import { Clamp } from './clamp.js';
import { Table } from './table.js';

export interface Filters {
  q: string;
  status: string;
  integration: string;
  tenant: string;
  needsAttention: boolean;
  waitingHours: string;
}

const PAGE_SIZE = 25;

export function filtersFrom(query: URLSearchParams): Filters {
  return {
    q: query.get('q') ?? '',
    status: query.get('status') ?? '',
    integration: query.get('integration') ?? '',
    tenant: query.get('tenant') ?? '',
    // A search looks everywhere unless told otherwise; the front page shows what needs someone.
    needsAttention: query.get('needsAttention') === null ? !query.get('q') : query.get('needsAttention') !== 'false',
    waitingHours: /^\d+$/.test(query.get('waitingHours') ?? '') ? query.get('waitingHours')! : '',
  };
}

function queryOf(filters: Filters): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.q) query.set('q', filters.q);
  if (filters.status) query.set('status', filters.status);
  if (filters.integration) query.set('integration', filters.integration);
  if (filters.tenant) query.set('tenant', filters.tenant);
  if (filters.waitingHours) query.set('waitingHours', filters.waitingHours);
  query.set('needsAttention', String(filters.needsAttention));
  return query;
}

/**
 * Connections across tenants, most urgent first, found by what a customer tells support (their
 * email, their name, the connection's name or id). Filters live in the URL so Back keeps them;
 * main.tsx remounts this page for each, so paging and the form start afresh.
 */
export function Home({ filters, onFilters, waitingAttentionMs }: { filters: Filters; onFilters: (query: URLSearchParams) => void; waitingAttentionMs: number }) {
  const [integrations, setIntegrations] = useState<{ slug: string; name: string }[]>([]);
  // Cursors of the pages before this one (Previous pops), and this page's.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<Connection> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const attentionBox = useRef<HTMLInputElement>(null);
  // Selected for a bulk action: kept across pages of the same search.
  const [selected, setSelected] = useState<Map<string, Connection>>(new Map());
  const [reloads, setReloads] = useState(0);
  const searchTyped = useRef(false);

  useEffect(() => {
    get<{ items: { slug: string; name: string }[] }>('/v1/integrations').then((r) => setIntegrations(r.items), () => undefined);
  }, []);

  const cursor = cursors.at(-1) ?? null;
  useEffect(() => {
    const query = queryOf(filters);
    query.set('order', 'urgency');
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
  }, [cursor, reloads, filters.q, filters.status, filters.integration, filters.tenant, filters.needsAttention, filters.waitingHours]);

  const toggle = (c: Connection) => {
    const next = new Map(selected);
    if (next.has(c.id)) next.delete(c.id);
    else next.set(c.id, c);
    setSelected(next);
  };

  const waitingHoursDefault = Math.round(waitingAttentionMs / 3_600_000);
  return (
    <section aria-labelledby="list-title">
      <h2 id="list-title">Connections</h2>
      <form
        class="filters"
        aria-label="Filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          // The controls hold the draft (they start from the URL: main.tsx remounts this page when it changes).
          const form = new FormData(e.currentTarget);
          const field = (name: string) => String(form.get(name) ?? '').trim();
          onFilters(
            queryOf({
              q: field('q'),
              status: field('status'),
              integration: field('integration'),
              tenant: field('tenant'),
              needsAttention: form.has('needsAttention'),
              waitingHours: field('waitingHours'),
            }),
          );
        }}
      >
        <label class="wide">
          Search
          <input
            name="q"
            type="search"
            defaultValue={filters.q}
            // A customer's email or name is looked for everywhere, not only among what needs attention.
            onInput={(e) => {
              if (e.currentTarget.value.trim() && !searchTyped.current && attentionBox.current) attentionBox.current.checked = false;
              searchTyped.current = true;
            }}
            placeholder="email, name or id"
            aria-describedby="search-help"
          />
        </label>
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
          <input name="tenant" defaultValue={filters.tenant} placeholder="any (or its first letters)" />
        </label>
        <label>
          Waiting on the user over (hours)
          <input name="waitingHours" type="number" min="0" inputMode="numeric" defaultValue={filters.waitingHours} placeholder="any" />
        </label>
        <label class="check">
          <input type="checkbox" name="needsAttention" ref={attentionBox} defaultChecked={filters.needsAttention} />
          Needs attention only
        </label>
        <button type="submit">Apply filters</button>
        <p id="search-help" class="help">
          Across every tenant, most urgent first. Needs attention: failed, in error, stale, a failed or empty last run, or an onboarding waiting on
          its user for more than {waitingHoursDefault}{'\u00a0'}h. Search matches an end user's email, id or name, a connection's name or its id.
        </p>
      </form>

      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {!page && !error && <p aria-live="polite">Loading…</p>}
      {page && page.items.length === 0 && (
        <p>
          No connection matches these filters{filters.needsAttention ? ' among those needing attention: untick "Needs attention only" to search them all' : ''}.
        </p>
      )}
      {selected.size > 0 && (
        <BulkActions selected={[...selected.values()]} onClear={() => setSelected(new Map())} onSettled={() => setReloads((n) => n + 1)} />
      )}
      {page && page.items.length > 0 && (
        <Table labelledBy="list-title" columns={['Select', 'Connection', 'Tenant', 'Integration', 'Status', 'Waiting since', 'Problem', 'Last sync']}>
          {page.items.map((c) => {
            const problem = problemOf(c);
            const attention = attentionOf(c, waitingAttentionMs);
            const user = endUserText(c);
            return (
              <tr key={c.id}>
                <td data-label="Select">
                  <input type="checkbox" aria-label={`Select ${c.name} (${c.tenantId})`} checked={selected.has(c.id)} onChange={() => toggle(c)} />
                </td>
                <td data-label="Connection">
                  <a href={`#/connections/${c.id}`}>{c.name}</a>
                  {user && <span class="sub">for {user}</span>}
                  <code class="sub">{c.id.slice(0, 8)}</code>
                </td>
                <td data-label="Tenant">{c.tenantId}</td>
                <td data-label="Integration">{c.integration}</td>
                <td data-label="Status">
                  <span class={`status status-${c.status}`}>{c.status}</span>
                  {attention && <span class="attention">{attention}</span>}
                </td>
                <td data-label="Waiting since">{waitingText(c) ?? '–'}</td>
                <td data-label="Problem">
                  {problem ? (
                    <>
                      <code>{problem.code}</code> <Clamp text={problem.hint} />
                    </>
                  ) : (
                    '–'
                  )}
                </td>
                <td data-label="Last sync">{when(c.sync.lastSyncAt)}</td>
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
