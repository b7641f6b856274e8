/**
 * The Xero organisations, OAuth client and endpoints the Xero e2e tests share: seeds whose KPIs
 * were worked out by hand (expectedRows), relative to the current month.
 */
import pg from 'pg';
import { RUNWAY_CAP_MONTHS } from '../../providers/xero.js';
import { waitFor } from './temporal.js';
import type { OAuthReplica } from '../replicas/oauth-server.js';
import type { XeroOrganisation, XeroReplica } from '../replicas/xero-server.js';

export const client = { clientId: 'XERO0CLIENT0ID0REPLICA00000001', clientSecret: 'xero-replica-secret-0000000000001' };
export const scopes = ['offline_access', 'accounting.reports.read', 'accounting.settings.read'];

export const ACME = '5d2b2a3e-1f0c-4c55-9a3e-0b6f1c2d3e41';
export const HOLDINGS = '8e1f7c20-6a4b-4d3c-8f2e-7a9b0c1d2e52';
export const acct = {
  sales: '0a000000-0000-4000-8000-000000000200',
  cogs: '0a000000-0000-4000-8000-000000000310',
  advertising: '0a000000-0000-4000-8000-000000000400',
  events: '0a000000-0000-4000-8000-000000000410',
  rent: '0a000000-0000-4000-8000-000000000420',
  onlineAds: '0a000000-0000-4000-8000-000000000430',
  archived: '0a000000-0000-4000-8000-000000000499',
  bank: '0a000000-0000-4000-8000-000000000090',
};

/** 'YYYY-MM' of the month `n` months from the current UTC one. */
export const month = (n: number) => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + n, 1)).toISOString().slice(0, 7);

/**
 * Six months of Acme Ltd (GBP). Cash (opening 50,000): closings 52,000, 73,000, 67,000, 61,000,
 * 52,000, 49,000. Burn (spent − received): −21,000 (M-4), 6,000, 6,000, 9,000, 3,000 (M0).
 */
export function acme(): XeroOrganisation {
  const flows: [number, number, Record<string, number>][] = [
    [10_000, 8_000, { [acct.sales]: 15_000, [acct.rent]: 3_000 }],
    [30_000, 9_000, { [acct.sales]: 16_000, [acct.rent]: 3_000 }],
    [6_000, 12_000, { [acct.sales]: 17_000, [acct.rent]: 3_000, [acct.advertising]: 900 }],
    [5_000, 11_000, { [acct.sales]: 20_000, [acct.cogs]: 8_000, [acct.advertising]: 1_500, [acct.events]: 500, [acct.rent]: 3_000 }],
    [4_000, 13_000, { [acct.sales]: 18_000, [acct.cogs]: 7_000, [acct.advertising]: 1_234.56, [acct.rent]: 3_000, [acct.onlineAds]: 100 }],
    [2_000, 5_000, { [acct.advertising]: 250.25, [acct.rent]: 3_000 }],
  ];
  return {
    tenantId: ACME,
    name: 'Acme Ltd',
    baseCurrency: 'GBP',
    banks: { 'Business Bank Account': 50_000 },
    accounts: [
      { id: acct.bank, code: '090', name: 'Business Bank Account', type: 'BANK', class: 'ASSET' },
      { id: acct.sales, code: '200', name: 'Sales', type: 'REVENUE', class: 'REVENUE' },
      { id: acct.cogs, code: '310', name: 'Cost of Goods Sold', type: 'DIRECTCOSTS', class: 'EXPENSE' },
      { id: acct.advertising, code: '400', name: 'Advertising', type: 'EXPENSE', class: 'EXPENSE' },
      { id: acct.events, code: '410', name: 'Marketing Events', type: 'OVERHEADS', class: 'EXPENSE' },
      { id: acct.rent, code: '420', name: 'Rent', type: 'OVERHEADS', class: 'EXPENSE' },
      { id: acct.onlineAds, code: '430', name: 'Online Ads', type: 'EXPENSE', class: 'EXPENSE' },
      { id: acct.archived, code: '499', name: 'Old Promotions', type: 'EXPENSE', class: 'EXPENSE', status: 'ARCHIVED' },
    ],
    months: new Map(flows.map(([received, spent, amounts], i) => [month(i - 5), { amounts, bank: { 'Business Bank Account': { received, spent } } }])),
  };
}
export const holdings = (): XeroOrganisation => ({
  tenantId: HOLDINGS,
  name: 'Acme Holdings',
  baseCurrency: 'NZD',
  banks: {},
  accounts: [{ id: '0b000000-0000-4000-8000-000000000401', code: '401', name: 'Promotion', type: 'EXPENSE', class: 'EXPENSE' }],
  months: new Map(),
});

/** What the seed must give for M-2 … M0 (worked by hand from the seed above, not by the adapter). */
export const expectedRows = () => [
  { kpi_key: 'cash_runway', period_start: `${month(-2)}-01`, value: RUNWAY_CAP_MONTHS, unit: 'months' }, // avg burn (−21,000 + 6,000 + 6,000) / 3 < 0
  { kpi_key: 'profit_margin', period_start: `${month(-2)}-01`, value: 35, unit: 'percent' }, // (20,000 − 8,000 − 5,000) / 20,000
  { kpi_key: 'xero.marketing_spend', period_start: `${month(-2)}-01`, value: 2_000, unit: 'GBP' }, // 1,500 + 500
  { kpi_key: 'cash_runway', period_start: `${month(-1)}-01`, value: 7.43, unit: 'months' }, // 52,000 / ((6,000 + 6,000 + 9,000) / 3)
  { kpi_key: 'profit_margin', period_start: `${month(-1)}-01`, value: 37.03, unit: 'percent' }, // 6,665.44 / 18,000
  { kpi_key: 'xero.marketing_spend', period_start: `${month(-1)}-01`, value: 1_234.56, unit: 'GBP' }, // Online Ads not chosen
  { kpi_key: 'cash_runway', period_start: `${month(0)}-01`, value: 7, unit: 'months' }, // 49,000 / 7,000: the running month's burn is M-3 … M-1
  // no profit_margin for M0: no income, no margin
  { kpi_key: 'xero.marketing_spend', period_start: `${month(0)}-01`, value: 250.25, unit: 'GBP' },
];

/** Days back to the first day of M-2, so the first sync's window covers exactly M-2 … M0. */
export const daysToMonth = (n: number) => Math.round((Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) - Date.parse(`${month(n)}-01`)) / 86_400_000);


export function xeroEndpoints(oauth: OAuthReplica, xero: XeroReplica): Record<string, string> {
  return {
    ONRAMP_ENDPOINT_XERO_AUTHORIZE: oauth.authorizeUrl,
    ONRAMP_ENDPOINT_XERO_TOKEN: oauth.tokenUrl,
    ONRAMP_ENDPOINT_XERO_IDENTITY: xero.url,
    ONRAMP_ENDPOINT_XERO_API: xero.apiUrl,
  };
}
export const xeroEndpointsOf = (oauth: OAuthReplica, xero: XeroReplica) => ({ authorize: oauth.authorizeUrl, token: oauth.tokenUrl, identity: xero.url, api: xero.apiUrl });

/**
 * Makes `count` refreshes of one connection truly overlap: the first refresh is held at the token
 * endpoint until every other caller is either waiting for the connection's row lock in Postgres
 * (single flight) or held at the token endpoint too (no single flight: each spends the token).
 */
export async function releaseWhenAllWaiting(
  databaseUrl: string,
  oauth: OAuthReplica,
  held: { arrived: Promise<void>; release(): void },
  count: number,
): Promise<void> {
  await held.arrived;
  // A connection of its own: the app's pool may be busy with the very callers being counted.
  const watcher = new pg.Client({ connectionString: databaseUrl });
  await watcher.connect();
  const heldAtStart = oauth.calls.filter((c) => c.path === '/token' && c.status === 0).length;
  await waitFor(`${count - 1} more refreshes waiting on the row lock or at the token endpoint`, async () => {
    const { rows } = await watcher.query<{ waiting: string }>(`select count(*) as waiting from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' and query ilike '%from "connections"%for % update%'`);
    const atEndpoint = oauth.calls.filter((c) => c.path === '/token' && c.status === 0).length;
    return Number(rows[0]!.waiting) + atEndpoint - heldAtStart >= count - 1 || atEndpoint >= count ? true : undefined;
  }).finally(() => watcher.end());
  held.release();
}
