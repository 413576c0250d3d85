// Entry of the index-build worker thread. Under tsx (npm start, vitest) a worker does not inherit
// the parent's TypeScript loader, so it registers tsx itself before importing the TypeScript entry.
import { workerData } from 'node:worker_threads';

if (workerData.typescript) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
