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
