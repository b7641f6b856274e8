import { useState } from 'preact/hooks';
import type { JsonSchema, JsonSchemaProperty, Options } from './types.js';

/** "zoneId" → "Zone id": a label when the schema has no title. */
const labelOf = (name: string, prop: JsonSchemaProperty) =>
  prop.title ?? name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase()).replace(/ ([A-Z])(?=[a-z])/g, (_m, c: string) => ` ${c.toLowerCase()}`);

export type FieldErrors = Record<string, string>;

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
 * A form generated from an integration's JSON Schema: labels and descriptions, required marks,
 * secret (writeOnly) fields as password inputs, enums as selects, discovered choices as a
 * searchable list that still takes free entry, and each server error beside its field.
 */
export function SchemaForm(props: {
  id: string;
  schema: JsonSchema;
  submitLabel: string;
  errors: FieldErrors;
  options?: Options;
  initial?: Record<string, unknown>;
  busy?: boolean;
  onSubmit(values: Record<string, string>): void;
}) {
  const properties = Object.entries(props.schema.properties ?? {});
  const required = new Set(props.schema.required ?? []);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(properties.map(([name, prop]) => [name, String(props.initial?.[name] ?? prop.default ?? '')])),
  );
  const set = (name: string, value: string) => setValues((v) => ({ ...v, [name]: value }));

  return (
    <form
      id={props.id}
      class="schema-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        // Empty optional fields are left out rather than sent as "".
        props.onSubmit(Object.fromEntries(Object.entries(values).filter(([name, v]) => v !== '' || required.has(name))));
      }}
    >
      {props.errors._form && <p class="error" role="alert">{props.errors._form}</p>}
      {properties.map(([name, prop]) => {
        const id = `${props.id}-${name}`;
        const error = props.errors[name];
        const choices = props.options?.[name];
        const common = {
          id,
          name,
          value: values[name],
          required: required.has(name),
          'aria-invalid': error ? ('true' as const) : undefined,
          'aria-describedby': [prop.description ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined,
          onInput: (e: Event) => set(name, (e.currentTarget as HTMLInputElement).value),
        };
        return (
          <div class="field" key={name}>
            <label for={id}>
              {labelOf(name, prop)}
              {required.has(name) && <span class="required" aria-hidden="true"> *</span>}
            </label>
            {prop.enum ? (
              <select {...common} onChange={common.onInput}>
                {!required.has(name) || !values[name] ? <option value="">Choose…</option> : null}
                {prop.enum.map((v) => (
                  <option value={v} key={v}>{v}</option>
                ))}
              </select>
            ) : (
              <input
                {...common}
                type={prop.writeOnly ? 'password' : 'text'}
                autoComplete={prop.writeOnly ? 'off' : undefined}
                list={choices ? `${id}-choices` : undefined}
                placeholder={choices ? 'Type to search, or enter a value' : undefined}
              />
            )}
            {choices && (
              <datalist id={`${id}-choices`}>
                {choices.map((c) => (
                  <option value={c.value} key={c.value}>{c.label}</option>
                ))}
              </datalist>
            )}
            {prop.description && <p class="help" id={`${id}-help`}>{prop.description}</p>}
            {error && <p class="error" id={`${id}-error`}>{error}</p>}
          </div>
        );
      })}
      <button type="submit" disabled={props.busy}>{props.busy ? 'Sending…' : props.submitLabel}</button>
    </form>
  );
}
