import type { ProviderDefinition } from './contract.js';
import { demoProvider } from './demo.js';

export interface ProviderRegistry {
  list(): ProviderDefinition[];
  get(slug: string): ProviderDefinition | undefined;
}

export function createProviderRegistry(definitions: ProviderDefinition[]): ProviderRegistry {
  const bySlug = new Map<string, ProviderDefinition>();
  for (const definition of definitions) {
    if (bySlug.has(definition.slug)) throw new Error(`provider "${definition.slug}" is registered twice`);
    bySlug.set(definition.slug, definition);
  }
  return {
    list: () => [...bySlug.values()],
    get: (slug) => bySlug.get(slug),
  };
}

/** Every provider Onramp ships; entry points build the registry from this list. */
export const builtInProviders: ProviderDefinition[] = [demoProvider];
