import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root folder (this file sits in runtime/embedded/). */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
