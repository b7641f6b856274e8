import { useState } from 'preact/hooks';
import { monogramFor } from '../../domain/monogram.js';
import type { Integration } from './types.js';

/** What a search matches: the name, the category and the KPIs it feeds ("traffic", "revenue"). */
const searchableText = (i: Integration) =>
  [i.name, i.category, ...i.capabilities.flatMap((c) => [c.key.replaceAll('_', ' '), c.description])].join(' ').toLowerCase();

export function matches(i: Integration, query: string): boolean {
  const text = searchableText(i);
  return query.toLowerCase().split(/\s+/).filter(Boolean).every((word) => text.includes(word));
}

/** Its logo from the catalog, or its initials on a colour of its own. */
function Logo({ integration }: { integration: Integration }) {
  if (integration.logoUrl) return <img class="logo" src={integration.logoUrl} alt="" width={40} height={40} />;
  const monogram = monogramFor(integration.slug, integration.name);
  return (
    <span class="logo monogram" aria-hidden="true" style={{ backgroundColor: monogram.background, color: monogram.color }}>
      {monogram.initials}
    </span>
  );
}

export function Catalog({ items, onChoose }: { items: Integration[]; onChoose(i: Integration): void }) {
  const [query, setQuery] = useState('');
  const shown = items.filter((i) => matches(i, query));
  return (
    <section aria-labelledby="screen-title">
      <h2 id="screen-title" tabIndex={-1}>Choose what to connect</h2>
      {items.length > 1 && (
        <div class="field catalog-search">
          <label for="catalog-search">Search by name, category or what it reports</label>
          <input id="catalog-search" type="search" value={query} autocomplete="off" onInput={(e) => setQuery(e.currentTarget.value)} />
        </div>
      )}
      <p class="visually-hidden" role="status">{query ? `${shown.length} of ${items.length} integrations shown.` : ''}</p>
      {shown.length === 0 ? (
        <p class="no-match">
          Nothing matches “{query}”. Try another word, or{' '}
          <button type="button" class="link" onClick={() => setQuery('')}>show all integrations</button>.
        </p>
      ) : (
        <ul class="cards">
          {shown.map((i) => (
            <li class="card" key={i.slug}>
              <div class="card-title">
                <Logo integration={i} />
                <h3>{i.name}</h3>
              </div>
              <p class="category">{i.category}</p>
              <p>{i.description}</p>
              {i.feedsSummary && <p class="feeds">{i.feedsSummary}</p>}
              <button type="button" onClick={() => onChoose(i)} aria-label={`Connect ${i.name}`}>Connect</button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
