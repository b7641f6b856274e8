import { useEffect, useState } from 'preact/hooks';
import { ChoiceChecklist } from './choice-checklist.js';
import { useChoiceSearch } from './choice-search.js';
import type { JsonSchema, JsonSchemaProperty, Options } from './types.js';

/** "zoneId" → "Zone id": a label when the provider gave no title. */
export const labelOf = (name: string, prop: JsonSchemaProperty | undefined) =>
  prop?.title ?? name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase()).replace(/ ([A-Z])(?=[a-z])/g, (_m, c: string) => ` ${c.toLowerCase()}`);

export type FieldErrors = Record<string, string>;

/** Text a validation library writes for programmers: the person reads what to enter instead. */
const LIBRARY_TEXT = /expected|too small|too big|invalid (input|option|string|type)|must (match|have)|>=|<=|regex|pattern/i;

/** "Client ID" → "client ID", "API key" stays "API key". */
const inSentence = (label: string) => (/^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label);

/** What to say about a required field left empty: "Enter your API token", "Choose your region". */
export const missingMessage = (label: string, choice: boolean) => `${choice ? 'Choose' : 'Enter'} your ${inSentence(label)}`;

/** A server's field message in the person's words, never the validation library's. */
export function plainFieldError(label: string, message: string, empty: boolean): string {
  if (!LIBRARY_TEXT.test(message)) return message;
  return empty ? missingMessage(label, false) : `Check your ${inSentence(label)}: it is not in the right form`;
}

/** A 400's field errors (`body.credentials.apiKey`) keyed by the form's field names (`apiKey`). */
export function fieldErrorsOf(errors: { field: string; message: string }[] | undefined, part: 'credentials' | 'config'): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors ?? []) {
    const name = e.field.replace(new RegExp(`^body\\.${part}\\.?`), '');
    if (name !== e.field) out[name || '_form'] = e.message;
  }
  return out;
}

/**
 * Discovered choices as a visible list of names (the id as secondary text) with a search box;
 * an optional setting offers its default ("All organizations") first.
 */
function ChoiceList(props: {
  id: string;
  name: string;
  label: string;
  choices: { value: string; label: string }[];
  value: string;
  /** An optional choice offers "unset" first, named by what it means (`defaultLabel`). */
  optional: string | null;
  describedBy: string | undefined;
  invalid: boolean;
  onChange(value: string): void;
}) {
  const { query, searching, shown, box } = useChoiceSearch(props.choices);
  const radio = (value: string, name: string, secondary: string | null) => (
    <li key={value || '(all)'}>
      <label class={`choice${props.value === value ? ' chosen' : ''}`}>
        <input type="radio" name={props.id} value={value} checked={props.value === value} onChange={() => props.onChange(value)} />
        <span class="choice-name">{name}</span>
        {secondary && <span class="choice-id">{secondary}</span>}
      </label>
    </li>
  );
  return (
    <fieldset class="choices" id={props.id} aria-describedby={props.describedBy} aria-invalid={props.invalid ? 'true' : undefined}>
      <legend>
        {props.label}
        {props.optional === null && <span class="required" aria-hidden="true"> *</span>}
      </legend>
      {box(props.label)}
      <ul class="choice-list">
        {props.optional !== null && !searching && radio('', props.optional, null)}
        {shown.map((c) => radio(c.value, c.label, c.label === c.value ? null : c.value))}
        {shown.length === 0 && <li class="help">Nothing matches “{query}”.</li>}
      </ul>
    </fieldset>
  );
}

/**
 * A form generated from an integration's JSON Schema: the provider's titles and help (with a
 * "where to find this" link), required marks, secret (writeOnly) fields as password inputs,
 * enums as selects, discovered choices as a searchable list, and every error beside its field
 * in words that say what to enter. Secrets this page already sent are shown as saved, to be
 * replaced only if the person wants to; other values the person typed are kept.
 */
export function SchemaForm(props: {
  id: string;
  schema: JsonSchema;
  submitLabel: string;
  errors: FieldErrors;
  options?: Options;
  initial?: Record<string, unknown>;
  /** Secrets sent earlier on this page (kept in memory only): shown as "saved", sent again unless replaced. */
  savedSecrets?: Record<string, string>;
  busy?: boolean;
  /** A setting of type array (several discovered choices) comes as a list; every other as text. */
  onSubmit(values: Record<string, string | string[]>): void;
}) {
  const properties = Object.entries(props.schema.properties ?? {});
  const required = new Set(props.schema.required ?? []);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(properties.map(([name, prop]) => [name, prop.writeOnly ? '' : String(props.initial?.[name] ?? prop.default ?? '')])),
  );
  const [replacing, setReplacing] = useState<Record<string, boolean>>({});
  const [missing, setMissing] = useState<FieldErrors>({});
  const set = (name: string, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    setMissing((m) => ({ ...m, [name]: '' }));
  };
  const saved = (name: string) => Boolean(props.savedSecrets?.[name]) && !replacing[name];
  // Settings taking several values: the saved ones, else the provider's preselection.
  const [lists, setLists] = useState<Record<string, string[]>>(() =>
    Object.fromEntries(
      properties
        .filter(([, prop]) => prop.type === 'array')
        .map(([name]) => {
          const initial = props.initial?.[name];
          return [name, Array.isArray(initial) ? initial.map(String) : (props.options?.[name] ?? []).filter((o) => o.preselected).map((o) => o.value)];
        }),
    ),
  );
  // Choices discovered after the form appeared: their preselection, unless the person already chose.
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  useEffect(() => {
    setLists((l) => {
      const next = { ...l };
      for (const name of Object.keys(l)) {
        if (!touched[name] && !Array.isArray(props.initial?.[name])) next[name] = (props.options?.[name] ?? []).filter((o) => o.preselected).map((o) => o.value);
      }
      return next;
    });
  }, [props.options]);

  return (
    <form
      id={props.id}
      class="schema-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const merged = Object.fromEntries(properties.map(([name]) => [name, saved(name) ? props.savedSecrets![name]! : (values[name] ?? '')]));
        const empty = Object.fromEntries(
          properties
            .filter(([name]) => required.has(name) && !(name in lists) && !merged[name]?.trim())
            .map(([name, prop]) => [name, missingMessage(labelOf(name, prop), Boolean(prop.enum) || Boolean(props.options?.[name]?.length))]),
        );
        setMissing(empty);
        if (Object.keys(empty).length > 0) {
          document.getElementById(`${props.id}-${Object.keys(empty)[0]}`)?.focus();
          return;
        }
        // Empty optional fields are left out rather than sent as ""; lists are sent as lists.
        props.onSubmit({ ...Object.fromEntries(Object.entries(merged).filter(([name, v]) => (v !== '' || required.has(name)) && !(name in lists))), ...lists });
      }}
    >
      {props.errors._form && <p class="error" role="alert">{props.errors._form}</p>}
      {properties.map(([name, prop]) => {
        const id = `${props.id}-${name}`;
        const label = labelOf(name, prop);
        const serverError = props.errors[name];
        const error = missing[name] || (serverError ? plainFieldError(label, serverError, !values[name]) : '');
        const choices = props.options?.[name];
        const describedBy = [prop.description ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
        const help = prop.description && (
          <p class="help" id={`${id}-help`}>
            {prop.description}
            {prop.helpUrl && (
              <>
                {' '}
                <a href={prop.helpUrl} target="_blank" rel="noopener noreferrer">Where to find this<span class="visually-hidden"> (opens a new tab)</span></a>
              </>
            )}
          </p>
        );
        const errorText = error && <p class="error" id={`${id}-error`}>{error}</p>;
        if (choices && prop.type === 'array') {
          return (
            <div class="field" key={name}>
              <ChoiceChecklist id={id} label={label} choices={choices} value={lists[name] ?? []} describedBy={describedBy} invalid={Boolean(error)} onChange={(v) => {
                setTouched((t) => ({ ...t, [name]: true }));
                setLists((l) => ({ ...l, [name]: v }));
              }} />
              {help}
              {errorText}
            </div>
          );
        }
        if (choices && choices.length > 0 && !prop.enum) {
          return (
            <div class="field" key={name}>
              <ChoiceList
                id={id}
                name={name}
                label={label}
                choices={choices}
                value={values[name] ?? ''}
                optional={required.has(name) ? null : (prop.defaultLabel ?? 'The default')}
                describedBy={describedBy}
                invalid={Boolean(error)}
                onChange={(v) => set(name, v)}
              />
              {help}
              {errorText}
            </div>
          );
        }
        const common = {
          id,
          name,
          value: values[name],
          required: required.has(name),
          'aria-invalid': error ? ('true' as const) : undefined,
          'aria-describedby': describedBy,
          onInput: (e: Event) => set(name, (e.currentTarget as HTMLInputElement).value),
        };
        return (
          <div class="field" key={name}>
            <label for={id}>
              {label}
              {required.has(name) && <span class="required" aria-hidden="true"> *</span>}
              {!required.has(name) && <span class="optional"> (optional)</span>}
            </label>
            {saved(name) ? (
              <p class="saved" id={id} tabIndex={-1}>
                Saved <span aria-hidden="true">••••••••</span>{' '}
                <button type="button" class="link" aria-label={`Replace the saved ${label.toLowerCase()}`} onClick={() => setReplacing((r) => ({ ...r, [name]: true }))}>
                  Replace
                </button>
              </p>
            ) : prop.enum ? (
              <select {...common} onChange={common.onInput}>
                {!required.has(name) || !values[name] ? <option value="">Choose…</option> : null}
                {prop.enum.map((v) => (
                  <option value={v} key={v}>{v.charAt(0).toUpperCase() + v.slice(1)}</option>
                ))}
              </select>
            ) : (
              <input {...common} type={prop.writeOnly ? 'password' : 'text'} autoComplete={prop.writeOnly ? 'off' : undefined} />
            )}
            {help}
            {errorText}
          </div>
        );
      })}
      <button type="submit" disabled={props.busy}>{props.busy ? 'Sending…' : props.submitLabel}</button>
    </form>
  );
}
