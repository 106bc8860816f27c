/** Where the checkout is on disk, for the defaults and tools that live inside it. */
import path from 'node:path';

/** The project's root folder (the one holding package.json). */
export const PROJECT_ROOT = path.resolve(__dirname, '..');
