// The storage case suite on the in-memory engine.
import { openMemoryStore } from './memory-store.ts';
import { storeCases } from './store.cases.ts';

storeCases('memory', async () => openMemoryStore());
