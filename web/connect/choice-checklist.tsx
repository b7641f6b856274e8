import { useChoiceSearch } from './choice-search.js';

/**
 * Discovered choices for a setting that takes several values (Xero's marketing accounts): a
 * searchable list of checkboxes, names first and ids as secondary text. The provider's
 * `preselected` choices arrive ticked for the person to confirm or change.
 */
export function ChoiceChecklist(props: {
  id: string;
  label: string;
  choices: { value: string; label: string }[];
  value: string[];
  describedBy: string | undefined;
  invalid: boolean;
  onChange(value: string[]): void;
}) {
  const { query, shown, box } = useChoiceSearch(props.choices);
  const toggle = (value: string, on: boolean) => props.onChange(on ? [...props.value, value] : props.value.filter((v) => v !== value));
  return (
    <fieldset class="choices" id={props.id} aria-describedby={props.describedBy} aria-invalid={props.invalid ? 'true' : undefined}>
      <legend>
        {props.label} <span class="optional">({props.value.length} chosen)</span>
      </legend>
      {box(props.label)}
      <ul class="choice-list">
        {shown.map((c) => (
          <li key={c.value}>
            <label class={`choice${props.value.includes(c.value) ? ' chosen' : ''}`}>
              <input type="checkbox" value={c.value} checked={props.value.includes(c.value)} onChange={(e) => toggle(c.value, (e.currentTarget as HTMLInputElement).checked)} />
              <span class="choice-name">{c.label}</span>
            </label>
          </li>
        ))}
        {shown.length === 0 && <li class="help">Nothing matches “{query}”.</li>}
      </ul>
    </fieldset>
  );
}
