import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root folder (this file sits in platform/). */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
