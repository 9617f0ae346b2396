/** LockLease on its own: renewed while held, released when done, and a lost lock is reported, never revived. */
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it, vi } from 'vitest';
import { LockLease, type LeaseEvents } from '../../src/cache/loads/lock-lease.js';
import { MemoryStore } from '../../src/cache/stores/memory-store.js';

const events = () => ({
  failed: vi.fn<LeaseEvents['failed']>(),
  lost: vi.fn<LeaseEvents['lost']>(),
});

it('keeps the lock past its TTL while held, and releases it', async () => {
  const store = new MemoryStore({ maxEntries: 10 });
  const ev = events();
  const lease = await LockLease.acquire(store, 'k:lock', 90, ev);
  expect(lease).not.toBeNull();
  expect(await LockLease.acquire(store, 'k:lock', 90, ev)).toBeNull();
  await sleep(300); // more than three lifetimes
  expect(await store.isLocked('k:lock')).toBe(true);
  lease!.release();
  await sleep(5);
  expect(await store.isLocked('k:lock')).toBe(false);
  await sleep(100); // no renewal after release
  expect(await store.isLocked('k:lock')).toBe(false);
  expect(ev.failed).not.toHaveBeenCalled();
  expect(ev.lost).not.toHaveBeenCalled();
});

it('reports a lock taken by another holder and stops renewing it', async () => {
  const store = new MemoryStore({ maxEntries: 10 });
  const ev = events();
  const lease = await LockLease.acquire(store, 'k:lock', 90, ev);
  await store.close(); // the lock vanishes (as if it expired) …
  const other = await store.tryLock('k:lock', 5_000); // … and another holder takes it
  await sleep(60);
  expect(ev.lost).toHaveBeenCalledTimes(1);
  expect(await store.unlock('k:lock', other!)).toBe(true); // still the other holder's lock
  lease!.release();
});

it('reports a failed renewal and tries again', async () => {
  const store = new MemoryStore({ maxEntries: 10 });
  const ev = events();
  const renew = vi.spyOn(store, 'renewLock').mockRejectedValueOnce(new Error('store down'));
  const lease = await LockLease.acquire(store, 'k:lock', 60, ev);
  await sleep(100);
  expect(ev.failed).toHaveBeenCalledWith('renew', expect.any(Error));
  expect(renew.mock.calls.length).toBeGreaterThanOrEqual(2);
  lease!.release();
});
