import { z } from 'zod';

/** The business-health KPIs every provider maps its metrics onto (DESIGN.md, "Providers"). */
export const kpiCatalog = {
  revenue: { category: 'finance', unit: 'currency' },
  profit_margin: { category: 'finance', unit: 'percent' },
  cash_runway: { category: 'finance', unit: 'months' },
  service_uptime: { category: 'operations', unit: 'percent' },
  asset_utilization: { category: 'operations', unit: 'percent' },
  automation_coverage: { category: 'operations', unit: 'percent' },
  website_traffic: { category: 'marketing', unit: 'count' },
  conversion_rate: { category: 'marketing', unit: 'percent' },
  customer_acquisition_cost: { category: 'marketing', unit: 'currency' },
  security_score: { category: 'security', unit: 'score' },
  vulnerability_count: { category: 'security', unit: 'count' },
  website_performance: { category: 'performance', unit: 'percent' },
} as const;

export const kpiKeySchema = z.enum(Object.keys(kpiCatalog) as [keyof typeof kpiCatalog, ...(keyof typeof kpiCatalog)[]]);
export type KpiKey = z.infer<typeof kpiKeySchema>;

/**
 * How long a KPI's or metric's period is: a day (most vendors report per day) or a calendar
 * month (accounting ledgers close by month). `period` is then the first day of that month.
 */
export const periodGranularities = ['day', 'month'] as const;
export type PeriodGranularity = (typeof periodGranularities)[number];

/**
 * A raw metric: a number a provider reads that is not itself a catalog KPI (new customers,
 * marketing spend…), stored and read like KPIs and an input to derived ones. Namespaced by the
 * provider's slug, so two vendors' "customers" never mix: `stripe.new_customers`.
 */
export const METRIC_KEY = /^[a-z0-9-]+\.[a-z0-9_]+$/;
export const metricKeySchema = z.string().regex(METRIC_KEY, 'a metric key: <provider>.<metric>, e.g. stripe.new_customers');
export type MetricKey = `${string}.${string}`;

/** What a sync writes and a reader asks for: a catalog KPI, or a provider's raw metric. */
export const kpiOrMetricKeySchema = z.union([kpiKeySchema, metricKeySchema]);
export const isMetricKey = (key: string): key is MetricKey => METRIC_KEY.test(key);
