#!/usr/bin/env -S node --max-old-space-size=512
// Runs the TypeScript sources through tsx, so the installed package needs no build step.
//
// The heap limit above is for this process's main thread. The reader threads set their own.
// At Node's default of several GiB, V8 let the main heap grow by about 180 MB during a
// 10,000-receipt batch before collecting it. With 512 MiB the process peaked at about
// 425 MB instead of 600 MB, at the same speed (docs/benchmarks.md). Under a service
// manager, run `node --max-old-space-size=512 bin/comprobantes.js start` to keep it.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
