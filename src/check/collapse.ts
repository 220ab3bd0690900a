// One bug often trips the same check in several actors in one round (eight
// readers all see the torn value). The report keeps the first finding of each
// kind of failure and folds the rest into one line, naming the actors, so the
// first screen shows distinct problems rather than eight copies of one.
import type { Finding } from '../result.js';

const keyOf = (f: Finding) =>
  [f.kind, f.check, f.location ? `${f.location.file}:${f.location.line}` : f.message, f.actors[0]?.op ?? ''].join('\u0000');

export function collapseSimilar(findings: Finding[]): Finding[] {
  const firsts = new Map<string, { finding: Finding; others: Finding[] }>();
  for (const f of findings) {
    const k = keyOf(f);
    const group = firsts.get(k);
    if (group) group.others.push(f);
    else firsts.set(k, { finding: f, others: [] });
  }
  return [...firsts.values()].map(({ finding, others }) => {
    if (others.length === 0) return finding;
    const who = [...new Set(others.flatMap((o) => o.actors.slice(0, 1).map((a) => a.name)))];
    const line = `${others.length} more like it in round ${finding.round}${who.length ? ` (${who.join(', ')})` : ''}`;
    return { ...finding, details: [...(finding.details ?? []), line] };
  });
}
