import { describe, expect, it } from 'vitest';
import { connectionTransitionEvents, type ConnectionState } from '../../domain/connection-transitions.js';

const state = (patch: Partial<ConnectionState> = {}): ConnectionState => ({
  status: 'active',
  sync_paused: false,
  last_sync_error: null,
  last_sync_status: 'succeeded',
  ...patch,
});
const failing = { code: 'provider_unavailable', message: 'down', hint: 'wait' };
const refused = { code: 'reauthorization_required', message: 'invalid_grant', hint: 'POST …/reauthorize' };

describe('connectionTransitionEvents', () => {
  it('reports a change once: error → error and pause → pause report nothing', () => {
    expect(connectionTransitionEvents(state({ status: 'error', last_sync_error: failing }), state({ status: 'error', last_sync_error: failing }))).toEqual([]);
    expect(connectionTransitionEvents(state({ status: 'paused', sync_paused: true }), state({ status: 'paused', sync_paused: true }))).toEqual([]);
  });

  it('tells a first activation from a re-authorization that brings a connection back', () => {
    expect(connectionTransitionEvents(state({ status: 'testing', last_sync_status: null }), state({ last_sync_status: null }))).toEqual(['connection.active']);
    expect(connectionTransitionEvents(state({ status: 'testing', last_sync_status: 'failed', last_sync_error: refused }), state())).toEqual(['connection.recovered']);
    expect(connectionTransitionEvents(state({ status: 'error', last_sync_error: failing }), state())).toEqual(['connection.recovered']);
  });

  it('reports a refused grant as error and reauthorization_required, and once more only after it was cleared', () => {
    expect(connectionTransitionEvents(state(), state({ status: 'error', last_sync_error: refused }))).toEqual(['connection.error', 'connection.reauthorization_required']);
    // Already in error for failing runs: the refused grant is the new fact.
    expect(connectionTransitionEvents(state({ status: 'error', last_sync_error: failing }), state({ status: 'error', last_sync_error: refused }))).toEqual([
      'connection.reauthorization_required',
    ]);
  });

  it('reports pause and resume by what the user asked, whatever the status; a disconnect is only a disconnect', () => {
    expect(connectionTransitionEvents(state({ status: 'error' }), state({ status: 'error', sync_paused: true }))).toEqual(['connection.paused']);
    expect(connectionTransitionEvents(state({ status: 'paused', sync_paused: true }), state())).toEqual(['connection.resumed']);
    expect(connectionTransitionEvents(state({ status: 'paused', sync_paused: true }), state({ status: 'disconnected', sync_paused: true }))).toEqual(['connection.disconnected']);
    expect(connectionTransitionEvents(state({ status: 'testing' }), state({ status: 'failed' }))).toEqual(['connection.failed']);
  });
});
