import { defaultUserMessage } from '../../domain/failure-messages.js';
import type { StepName } from './steps.js';
import type { Connection, LastError } from './types.js';

/** What the person can do about a failure, shown on the step it belongs to. */
export interface Recovery {
  step: StepName;
  code: string;
  userMessage: string;
  /** Enter the credentials again (API key / custom), non-secret fields kept. */
  credentials: boolean;
  /** Sign in to the provider again (OAuth). */
  signIn: boolean;
  /** The discovered list again, to pick another property, zone or organization. */
  choose: boolean;
  /** Test again as it is: the fix was made at the vendor. */
  retry: boolean;
}

/** The credentials themselves were refused, or never arrived. */
const CREDENTIAL_CODES = new Set(['auth_failed', 'credentials_timeout', 'reauthorization_required', 'access_denied', 'authorization_failed', 'authorization_timeout']);
/** The chosen setting does not work, or none was chosen in time. */
const CHOICE_CODES = new Set(['invalid_config', 'config_timeout']);

/**
 * Where a failure belongs and which actions fix it. `at` is the step onboarding stopped at (a
 * connection in `error` has finished onboarding: its failure is placed by its code). A rejected
 * credential belongs to Connect, a wrong choice to Configure; a permission the vendor must grant
 * stays on the step that met it, with "Try again" and, where the provider lists choices, another
 * choice (a 403 on one GA4 property or Cloudflare zone is most often the wrong one).
 */
export function recoveryFor(error: LastError, at: string, oauth: boolean, canChoose: boolean): Recovery {
  const userMessage = error.userMessage ?? defaultUserMessage(error.code);
  const base = { code: error.code, userMessage, credentials: false, signIn: false, choose: false, retry: false };
  if (CREDENTIAL_CODES.has(error.code)) return { ...base, step: 'connect', credentials: !oauth, signIn: oauth };
  if (CHOICE_CODES.has(error.code)) return { ...base, step: 'configure', choose: true };
  const step: StepName = at === 'connect' || at === 'configure' || at === 'test' || at === 'activate' ? at : 'test';
  if (error.code === 'permission_denied') return { ...base, step, retry: true, choose: canChoose };
  return { ...base, step, retry: true };
}

/** The failure a connection shows: onboarding's, or (in `error`) its syncs'. */
export function failureOf(c: Connection): { error: LastError; at: string } | null {
  if ((c.status === 'failed' || c.onboarding.state === 'failed') && c.onboarding.lastError) return { error: c.onboarding.lastError, at: c.onboarding.step };
  if (c.status === 'error' && c.sync.lastError) return { error: c.sync.lastError, at: 'done' };
  return null;
}
