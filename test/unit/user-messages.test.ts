import { describe, expect, it } from 'vitest';
import { defaultUserMessage, failureCodesWithMessages, withUserMessage } from '../../domain/failure-messages.js';
import { providerErrorKinds } from '../../providers/errors.js';
import { failureTypes } from '../../workflows/failures.js';
import { jargonIn } from '../helpers/connect-page.js';

describe('userMessage: the end user\'s words beside the API client\'s hint', () => {
  it('every failure code a connection can show has a plain default, free of API jargon', () => {
    const codes = new Set([
      ...providerErrorKinds,
      ...Object.keys(failureTypes),
      // Raised by onboarding itself (workflows/onboarding.ts) and by syncs (activities/sync.ts).
      'access_denied',
      'authorization_failed',
      'authorization_timeout',
      'credentials_timeout',
      'config_timeout',
      'empty',
    ]);
    for (const code of codes) {
      expect(failureCodesWithMessages, code).toContain(code);
      expect(jargonIn(defaultUserMessage(code)), code).toEqual([]);
    }
    expect(jargonIn(defaultUserMessage('internal_error'))).toEqual([]);
  });

  it('keeps a provider\'s own message and fills in the default where none was recorded', () => {
    const own = { code: 'auth_failed', message: 'm', hint: 'PUT /v1/connections/{id}/credentials', userMessage: 'Paste a new token.' };
    expect(withUserMessage(own)).toBe(own);
    expect(withUserMessage({ code: 'permission_denied', message: 'm', hint: 'h' })).toEqual({
      code: 'permission_denied',
      message: 'm',
      hint: 'h',
      userMessage: defaultUserMessage('permission_denied'),
    });
    expect(withUserMessage(null)).toBeNull();
  });
});
