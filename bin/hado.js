#!/usr/bin/env node
// The `hado` command. Hado runs from its TypeScript sources through tsx's loader, so there is no build
// step to forget and no stale output to run.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
