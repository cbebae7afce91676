/**
 * A module loaded by its first use and then kept: `const notices = onDemand(() => import('#jobs/notify'))`,
 * then `(await notices()).noticeWrite(…)`. What a cold start need not parse (mail texts, PDF, S3, file
 * sniffing) is imported where it is used; calling `import()` again on each use would still cost the
 * module's resolution every time: 5 µs in Node 20, and about 330 µs under a loader hook such as tsx's,
 * which `npm start` and the bench run (measured: 20,000 calls of each, `import()` of a loaded module
 * against the kept promise, 0.4 µs).
 *
 * A load that fails is not kept: the next use tries again.
 */
export function onDemand<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((e: unknown) => {
      loading = undefined;
      throw e;
    });
    return loading;
  };
}
