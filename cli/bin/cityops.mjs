#!/usr/bin/env node
// Runs the TypeScript CLI without a build step (Node 20 has no type stripping): tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
