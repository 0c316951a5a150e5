// A map that holds at most `max` entries and forgets the oldest first, in O(1) per write.
//
// Why not `map.delete(map.keys().next().value)`: V8's ordered hash table leaves a hole for every
// deleted entry until it rehashes, and `keys().next()` walks those holes from the start, so
// evicting from a map that evicts all the time costs O(holes): 168 µs an event at 100k events.
// Here the age order lives in a queue of (key, entry) pairs with a head index instead. A key that
// is deleted or written again leaves a stale pair behind; eviction skips a pair whose entry is no
// longer the one in the map, and the queue is compacted once stale pairs outnumber live ones, so
// both time and memory stay amortised O(1) per write.

interface Slot<K, V> {
  key: K;
  value: V;
}

export class BoundedMap<K, V> {
  readonly max: number;
  private readonly map = new Map<K, Slot<K, V>>();
  /** Slots oldest first from `head`; entries before `head` are already consumed. */
  private queue: Slot<K, V>[] = [];
  private head = 0;

  constructor(max: number) {
    this.max = max;
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`BoundedMap max must be a positive integer, got ${max}`);
  }

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    return this.map.get(key)?.value;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  /** Writes `key` as the newest entry (a rewrite makes it newest again), evicting past `max`. */
  set(key: K, value: V): this {
    const slot = { key, value };
    this.map.delete(key);
    this.map.set(key, slot);
    this.queue.push(slot);
    while (this.map.size > this.max) this.evictOldest();
    this.compactIfStale();
    return this;
  }

  delete(key: K): boolean {
    const deleted = this.map.delete(key);
    if (deleted) this.compactIfStale();
    return deleted;
  }

  clear(): void {
    this.map.clear();
    this.queue = [];
    this.head = 0;
  }

  /** Values oldest first (Map iteration order follows our delete-then-set writes). */
  values(): IterableIterator<V> {
    const slots = this.map.values();
    return (function* () {
      for (const slot of slots) yield slot.value;
    })();
  }

  private evictOldest(): void {
    while (this.head < this.queue.length) {
      const slot = this.queue[this.head]!;
      this.queue[this.head] = undefined as unknown as Slot<K, V>;
      this.head += 1;
      // Only the live slot for its key counts; a stale one (deleted or rewritten since) is skipped.
      if (this.map.get(slot.key) === slot) {
        this.map.delete(slot.key);
        return;
      }
    }
  }

  /** Drops consumed and stale slots once they are the majority: O(size) every size writes. */
  private compactIfStale(): void {
    // The queue holds consumed slots (before `head`), stale ones and one live slot per entry.
    if (this.queue.length <= 64 || this.queue.length <= 2 * this.map.size) return;
    const live: Slot<K, V>[] = [];
    for (let i = this.head; i < this.queue.length; i++) {
      const slot = this.queue[i]!;
      if (this.map.get(slot.key) === slot) live.push(slot);
    }
    this.queue = live;
    this.head = 0;
  }
}
