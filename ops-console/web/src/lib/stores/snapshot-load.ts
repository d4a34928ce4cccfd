/** An index that merges a REST snapshot with live events that arrived while it was in flight. */
export interface SnapshotIndex<T> {
  beginSnapshot(): void;
  loadSnapshot(items: T[]): void;
}

/**
 * The snapshot half of "snapshot + live events", shared by the device and incident managers:
 * returns whether it loaded; a failure is reported to the developer console, the caller shows it.
 */
export async function loadSnapshot<T>(index: SnapshotIndex<T>, fetchItems: () => Promise<T[]>, what: string): Promise<boolean> {
  index.beginSnapshot();
  try {
    index.loadSnapshot(await fetchItems());
    return true;
  } catch (err) {
    console.error(`cityops: loading ${what} failed`, err);
    return false;
  }
}
