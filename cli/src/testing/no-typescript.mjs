/**
 * `node --import …/no-typescript.mjs`: a process that must run compiled code only. Loading a
 * TypeScript file (.ts, .mts, .cts, .tsx: from tsx, or by Node's own type stripping on Node 22.18+)
 * throws, and so does importing tsx, which fails as if it were not installed, as in a production
 * install without dev dependencies.
 */
import { register } from 'node:module';

register('./no-typescript-hooks.mjs', import.meta.url);
