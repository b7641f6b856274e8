// The states a connection moves through (DESIGN.md, "Connection status"), as plain lists: the
// browser pages import them too, so this file stays free of zod and of everything else.

export const connectionStatuses = [
  'pending',
  'configuring',
  'testing',
  'active',
  'paused',
  'failed',
  'error',
  'disconnected',
] as const;
export type ConnectionStatus = (typeof connectionStatuses)[number];

export const onboardingSteps = ['connect', 'configure', 'test', 'activate', 'done'] as const;
export type OnboardingStep = (typeof onboardingSteps)[number];
export const onboardingStates = ['running', 'waiting', 'failed', 'completed', 'cancelled'] as const;
export type OnboardingState = (typeof onboardingStates)[number];
