// FNV-1a over a string's UTF-16 code units: names of transitions, sections
// and seed labels. One definition for every module that hashes a name.
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
