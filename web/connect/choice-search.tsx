import { useState } from 'preact/hooks';

type Choice = { value: string; label: string };

/**
 * The search over a discovered list that both the single-choice list and the checklist offer:
 * what was typed, the choices it matches (by name or id), and the box to type it in.
 */
export function useChoiceSearch(choices: Choice[]) {
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  return {
    query,
    searching: q !== '',
    shown: choices.filter((c) => !q || c.label.toLowerCase().includes(q) || c.value.toLowerCase().includes(q)),
    /** Offered only when there is more than one choice to look through. */
    box: (label: string) =>
      choices.length > 1 && (
        <input
          type="search"
          class="choice-search"
          aria-label={`Search ${label.toLowerCase()}`}
          placeholder="Search by name"
          value={query}
          onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
        />
      ),
  };
}
