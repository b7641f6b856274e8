import { describe, expect, it } from 'vitest';
import { presentConnection } from '../../api/presenters.js';
import type { ConnectionRow } from '../../db/tables/connections.js';

const base: ConnectionRow = {
  id: '7f9c1a52-6c55-4a0e-9e8e-2b7c3f1d0a11',
  tenant_id: 'acme',
  integration: 'demo',
  name: 'Shop',
  status: 'active',
  config: {},
  credentials_encrypted: 'v1:sealed',
  onboarding_step: 'done',
  onboarding_state: 'completed',
  onboarding_attempts: 1,
  onboarding_last_error: null,
  onboarding_updated_at: new Date('2026-11-01T00:00:00Z'),
  sync_interval_minutes: 60,
  last_sync_at: new Date('2026-11-26T08:00:00Z'),
  last_sync_status: 'succeeded',
  last_sync_error: null,
  sync_paused: false,
  next_sync_at: new Date('2026-11-26T09:00:00Z'),
  initial_history_days: 7,
  consecutive_failures: 0,
  missing_periods: [],
  end_user: null,
  created_at: new Date('2026-11-01T00:00:00Z'),
  updated_at: new Date('2026-11-26T08:00:00Z'),
};

describe('connection presenter', () => {
  it('marks a connection stale when no data was written for more than twice its interval', () => {
    const at = (iso: string) => Date.parse(iso);
    expect(presentConnection(base, at('2026-11-26T09:59:00Z')).sync.stale).toBe(false);
    expect(presentConnection(base, at('2026-11-26T10:01:00Z')).sync.stale).toBe(true);
    // Paused on purpose is not stale; a connection that never synced counts from its creation.
    expect(presentConnection({ ...base, status: 'paused' }, at('2026-11-27T00:00:00Z')).sync.stale).toBe(false);
    expect(presentConnection({ ...base, last_sync_at: null }, at('2026-11-01T01:00:00Z')).sync.stale).toBe(false);
  });

  it('shows the schedule from the row: the next run as last refreshed, paused as intended', () => {
    expect(presentConnection(base).sync).toMatchObject({ nextSyncAt: '2026-11-26T09:00:00.000Z', paused: false });
    expect(presentConnection({ ...base, sync_paused: true, next_sync_at: null }).sync).toMatchObject({ nextSyncAt: null, paused: true });
    // Onramp pauses the schedule of a connection whose auth failed, whatever its user wanted.
    const authFailed = { ...base, status: 'error' as const, last_sync_error: { code: 'auth_failed', message: 'm', hint: 'h' } };
    expect(presentConnection(authFailed).sync.paused).toBe(true);
  });

  it('never shows credentials', () => {
    expect(JSON.stringify(presentConnection(base))).not.toContain('sealed');
  });
});
