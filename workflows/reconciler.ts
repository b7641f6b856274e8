import type { Repair } from '../activities/reconcile.js';
import { bookkeeping } from './proxies.js';

/** Repairs drift between Temporal's sync Schedules and the connections table (run on a schedule). */
export async function reconcilerWorkflow(): Promise<Repair[]> {
  return bookkeeping.reconcileSchedules();
}
