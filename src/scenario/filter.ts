// `--scenario` as a name filter, like vitest's -t: each pattern is a substring of the
// scenario's name, or a glob over the whole name when it has * or ?. Case-insensitive:
// a filter that takes a little too much costs a few seconds, one that silently takes
// nothing costs a confused user. Names are not paths, so `*` crosses '/' and ':' too
// (picomatch's path semantics would not).

export type NameFilter = (name: string) => boolean;

/** undefined when there is nothing to filter (no patterns): every scenario runs. */
export function nameFilter(patterns: readonly string[] | undefined): NameFilter | undefined {
  if (!patterns || patterns.length === 0) return undefined;
  const tests = patterns.map((p): NameFilter => {
    if (!/[*?]/.test(p)) {
      const needle = p.toLowerCase();
      return (name) => name.toLowerCase().includes(needle);
    }
    const source = p.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
    const re = new RegExp(`^${source}$`, 'is');
    return (name) => re.test(name);
  });
  return (name) => tests.some((t) => t(name));
}

/**
 * The scenarios a file's filter takes, in file order. A pattern that is exactly one
 * scenario's name takes only that one, so a replay command's `--scenario <name>`
 * stays exact where another name contains it ("transfer" beside "transfer with fee").
 */
export function selectScenarios<T extends { name: string }>(patterns: readonly string[] | undefined, all: readonly T[]): T[] {
  if (!patterns || patterns.length === 0) return [...all];
  const tests = patterns.map((p) => (all.some((s) => s.name === p) ? (name: string) => name === p : nameFilter([p])!));
  return all.filter((s) => tests.some((t) => t(s.name)));
}

/** How the filter reads in messages: `--scenario "a" --scenario "b*"`. */
export function describeFilter(patterns: readonly string[]): string {
  return patterns.map((p) => `--scenario ${JSON.stringify(p)}`).join(' ');
}
