/**
 * Reading a whole paged listing, for the few readers that need all of it (the register, exports, a
 * rule that looks at every record of an organisation). Request paths that show a page never use it.
 */
import type { Page } from '#store/store';

/** Every page of a listing in order, as the store returns them, skipping empty ones. */
export async function* allPages<T>(
  list: (cursor: string | undefined) => Promise<Page<T>>,
): AsyncGenerator<readonly T[]> {
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    if (page.items.length > 0) yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
