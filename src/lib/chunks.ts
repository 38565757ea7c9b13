/** Failed loads of each chunk so far, by URL. */
const failures = new Map<string, number>();

/**
 * A chunk of the split script-tag build: `name` beside `base` (the loader's URL, or `import.meta.url` of a chunk).
 * Firefox keeps a failed module's error for its URL for the page's life, so a load after a failure asks under
 * another query. Only for the build's entries, which no module imports by their URL: under another URL, a module
 * imported by others would run twice (vite.config.ts).
 */
export function importChunk<T>(base: string, name: string): Promise<T> {
  const url = new URL(name, base).href;
  const failed = failures.get(url);
  return import(/* @vite-ignore */ failed ? `${url}?retry=${failed}` : url).catch((error: unknown) => {
    failures.set(url, (failed ?? 0) + 1);
    throw error;
  });
}
