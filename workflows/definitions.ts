/**
 * Everything the API and the worker share about the workflows: ids, names, message
 * definitions and their types. Deterministic and dependency-free, so both sides import it.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { LastError, OnboardingState, OnboardingStep } from '../db/tables/connections.js';

export type { ConnectionStatus, OnboardingState, OnboardingStep } from '../db/tables/connections.js';

export const onboardingWorkflowId = (connectionId: string): string => `onboarding:${connectionId}`;
/** The schedule id; each run it starts gets `sync:<connectionId>-<timestamp>` as workflow id. */
export const syncScheduleId = (connectionId: string): string => `sync:${connectionId}`;

export const workflowTypes = {
  onboarding: 'onboardingWorkflow',
  sync: 'syncWorkflow',
} as const;

export interface OnboardingInput {
  connectionId: string;
}
export interface SyncInput {
  connectionId: string;
}

/** What a user sees when something failed: what happened and what to do next. */
export type FailureReport = LastError;

export interface OnboardingProgress {
  step: OnboardingStep;
  state: OnboardingState;
  attempts: number;
  lastError: FailureReport | null;
}

export interface OnboardingResult {
  outcome: 'active' | 'failed';
  lastError: FailureReport | null;
}

export interface SyncResult {
  syncRunId: string;
  kpisWritten: number;
}

export const onboardingProgressQuery = defineQuery<OnboardingProgress>('onboardingProgress');
/** Support or the client asks a failed onboarding to test again. */
export const retryOnboardingSignal = defineSignal('retryOnboarding');
