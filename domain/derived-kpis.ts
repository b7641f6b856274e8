import type { KpiKey, MetricKey } from './kpis.js';

/**
 * KPIs no single integration can feed, declared here and nowhere else: formulas over metrics of
 * the same tenant, whatever connections wrote them. Pure: the activity that recomputes them reads
 * the inputs' sums per period and hands them to `evaluateDerivedKpi`.
 */

/** One operand of a formula: a metric, and the integration that writes it (for "needs …"). */
export interface DerivedInput {
  metric: MetricKey;
  integration: string;
  /** How the end user knows the integration ("Xero"), for the "needs Xero and Stripe" text. */
  integrationName: string;
}

export interface DerivedKpiDefinition {
  key: KpiKey;
  /** Every derived KPI so far is monthly: inputs are summed over the calendar month. */
  granularity: 'month';
  inputs: Record<string, DerivedInput>;
  /** The formula in words, for the catalog and the README. */
  formula: string;
  /** The operand whose unit the result carries (a currency for a cost). */
  unitFrom: string;
  /** The value from the inputs' monthly sums; null where the formula has no value (÷ 0). */
  compute(sums: Record<string, number>): number | null;
  /** Why there is no value when `compute` gives none, in the end user's words. */
  noValue: string;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export const derivedKpis: readonly DerivedKpiDefinition[] = [
  {
    key: 'customer_acquisition_cost',
    granularity: 'month',
    inputs: {
      spend: { metric: 'xero.marketing_spend', integration: 'xero', integrationName: 'Xero' },
      customers: { metric: 'stripe.new_customers', integration: 'stripe', integrationName: 'Stripe' },
    },
    formula: 'xero.marketing_spend ÷ stripe.new_customers per calendar month (daily new customers summed to the month), in the marketing spend\'s currency',
    unitFrom: 'spend',
    compute: ({ spend, customers }) => (customers! > 0 ? round2(spend! / customers!) : null),
    noValue: 'No new customers this month, so there is no cost per customer to show.',
  },
];

/** "needs Xero and Stripe": every integration the KPI takes, in the reader's words. */
export function needsText(definition: DerivedKpiDefinition): string {
  return `needs ${inWordsList([...new Set(Object.values(definition.inputs).map((i) => i.integrationName))])}`;
}

/** The derived KPIs that take `metric` as an input. */
export const derivedKpisUsing = (metric: string): DerivedKpiDefinition[] =>
  derivedKpis.filter((d) => Object.values(d.inputs).some((i) => i.metric === metric));

/** The derived KPIs an integration's metrics go into (the catalog's "completes"). */
export const derivedKpisFedBy = (integration: string): DerivedKpiDefinition[] =>
  derivedKpis.filter((d) => Object.values(d.inputs).some((i) => i.integration === integration));

/** The first day of the calendar month of a YYYY-MM-DD day. */
export const monthOf = (day: string): string => `${day.slice(0, 7)}-01`;

/** The first day of the month after `month` (YYYY-MM-01): the end, exclusive, of its days. */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

/** One input's total for a period from one connection (the unit as written). */
export interface InputSum {
  connectionId: string;
  unit: string;
  value: number;
}

/** What a derived value's row says: a value, or why there is none. */
export const derivedStatuses = ['current', 'needs_inputs', 'not_defined', 'mixed_units'] as const;
export type DerivedStatus = (typeof derivedStatuses)[number];

export type DerivedOutcome =
  | { status: 'current'; value: number; unit: string }
  /** An input has no value for the period: no live connection of that integration wrote one. */
  | { status: 'needs_inputs'; missing: string[] }
  /** The inputs are there, but the formula has no value (no new customers: ÷ 0). */
  | { status: 'not_defined' }
  /** One input came in more than one unit (two ledgers in two currencies): not added up. */
  | { status: 'mixed_units'; input: string; units: string[] };

/**
 * The value of a derived KPI for one period from its inputs' sums (each input: the rows of every
 * live connection that wrote it). Absent input → needs_inputs, never 0.
 */
export function evaluateDerivedKpi(definition: DerivedKpiDefinition, sums: Record<string, InputSum[]>): DerivedOutcome {
  const missing = Object.entries(definition.inputs)
    .filter(([name]) => (sums[name] ?? []).length === 0)
    .map(([, input]) => input.integration);
  if (missing.length > 0) return { status: 'needs_inputs', missing: [...new Set(missing)] };
  const totals: Record<string, number> = {};
  const units: Record<string, string> = {};
  for (const name of Object.keys(definition.inputs)) {
    const rows = sums[name]!;
    const distinct = [...new Set(rows.map((r) => r.unit))];
    if (distinct.length > 1) return { status: 'mixed_units', input: definition.inputs[name]!.metric, units: distinct.sort() };
    units[name] = distinct[0]!;
    totals[name] = rows.reduce((sum, r) => sum + r.value, 0);
  }
  const value = definition.compute(totals);
  return value === null || !Number.isFinite(value) ? { status: 'not_defined' } : { status: 'current', value, unit: units[definition.unitFrom]! };
}

/** What the reader is told when a derived KPI has no value, by outcome. */
export function derivedMessage(definition: DerivedKpiDefinition, outcome: DerivedOutcome): string | null {
  switch (outcome.status) {
    case 'current':
      return null;
    case 'needs_inputs': {
      const names = outcome.missing.map((slug) => Object.values(definition.inputs).find((i) => i.integration === slug)?.integrationName ?? slug);
      return `This ${needsText(definition)}: connect ${names.join(' and ')} to see it.`;
    }
    case 'not_defined':
      return definition.noValue;
    case 'mixed_units':
      return `Your connections report ${outcome.units.join(' and ')} for the same figure, so they cannot be added up. Keep one of them connected.`;
  }
}

/** A catalog or metric key in words: `customer_acquisition_cost` → "customer acquisition cost", `stripe.new_customers` → "new customers". */
export const keyInWords = (key: string): string => key.replace(/^[a-z0-9-]+\./, '').replaceAll('_', ' ');

const inWordsList = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/**
 * One line for an integration's card: what it feeds, and the derived KPIs it completes with
 * which other integrations ("Feeds revenue and new customers. With Xero it also gives customer
 * acquisition cost.").
 */
export function feedsSummary(integration: string, keys: string[]): string {
  const feeds = keys.length > 0 ? `Feeds ${inWordsList(keys.map(keyInWords))}.` : '';
  const completes = derivedKpisFedBy(integration).map((d) => {
    const others = [...new Set(Object.values(d.inputs).filter((i) => i.integration !== integration).map((i) => i.integrationName))];
    return others.length > 0 ? `With ${inWordsList(others)} it also gives ${keyInWords(d.key)}.` : `It also gives ${keyInWords(d.key)}.`;
  });
  return [feeds, ...completes].filter(Boolean).join(' ');
}
