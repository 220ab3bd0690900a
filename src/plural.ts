// "1 actor", "3 actors": counts in messages read as words, never "actor(s)".
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
