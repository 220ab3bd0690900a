// V8 stack frames, parsed once for everyone who reads a stack (the report's location,
// the watchdog's blame, the report's trimming). The formats V8 prints:
//   at f (file:///x.js:1:2)          at new C (/x.js:1:2)       at async f (/x.js:1:2)
//   at file:///x.js:1:2              at async file:///x.js:1:2  at node:internal/timers:581:17
//   at Atomics.wait (<anonymous>)    at async Promise.all (index 0)
//   at eval (eval at g (/x.js:3:5), <anonymous>:1:1)   (the code eval'd at /x.js:3:5)
// A path may hold spaces and parentheses, and on Windows a drive letter (C:\x.js:1:2).
import { fileURLToPath } from 'node:url';

export interface Frame {
  /** The frame line, trimmed. */
  text: string;
  /** What runs there, as printed (`f`, `new C`, `async f`); undefined for a bare location. */
  fn?: string;
  /**
   * The file: a path (file: URLs converted), a builtin (`node:internal/timers`), or
   * undefined when the frame has none (native code, `<anonymous>`, `index 0`).
   * For eval'd code, the file that called eval.
   */
  file?: string;
  line?: number;
  column?: number;
  /** Where `file` stands in `text` as printed (a URL or a path), to rewrite it in place. */
  printed?: { start: number; end: number };
}

const LOCATION = /^(.+?):(\d+)(?::(\d+))?$/;

/** A frame line (`    at ...`), or undefined for any other line of a stack. */
export function parseFrame(line: string): Frame | undefined {
  const text = line.trim();
  if (!text.startsWith('at ')) return undefined;
  const frame: Frame = { text };
  const body = splitCall(text, 3);
  if (body.fn !== undefined) frame.fn = body.fn;
  Object.assign(frame, location(text, body.start, body.end));
  return frame;
}

/** The lines before the first frame (the message) and the frames, in order. */
export function parseStack(stack: string): { head: string[]; frames: Frame[] } {
  const lines = stack.split('\n');
  const head: string[] = [];
  const frames: Frame[] = [];
  for (const l of lines) {
    const f = parseFrame(l);
    if (f) frames.push(f);
    else if (frames.length === 0) head.push(l);
  }
  return { head, frames };
}

/**
 * `fn (location)` or a bare `location` in text[from..]: the location's bounds. The
 * parenthesis that opens the location is the one matching the last `)`, so a path
 * with parentheses of its own stays whole.
 */
function splitCall(text: string, from: number): { fn?: string; start: number; end: number } {
  if (text.endsWith(')')) {
    let depth = 0;
    for (let i = text.length - 1; i >= from; i--) {
      if (text[i] === ')') depth++;
      else if (text[i] === '(' && --depth === 0) {
        const fn = text.slice(from, i).trim();
        // `at (file:1:2)` has no name; a bare location never ends with `)`.
        return fn ? { fn, start: i + 1, end: text.length - 1 } : { start: i + 1, end: text.length - 1 };
      }
    }
  }
  const bare = text.startsWith('async ', from) ? from + 6 : from;
  return { start: bare, end: text.length };
}

function location(text: string, start: number, end: number): Pick<Frame, 'file' | 'line' | 'column' | 'printed'> {
  const loc = text.slice(start, end);
  // `eval at g (/x.js:3:5), <anonymous>:1:1`: the eval'd code is the caller's.
  if (loc.startsWith('eval at ')) {
    const comma = loc.lastIndexOf(', ');
    if (comma < 0) return {};
    const origin = splitCall(text.slice(0, start + comma), start + 8);
    return location(text, origin.start, origin.end);
  }
  const m = LOCATION.exec(loc);
  if (!m || m[1]!.includes('<anonymous>') || m[1] === 'native') return {};
  const printed = m[1]!;
  let file = printed;
  if (printed.startsWith('file://')) {
    try {
      file = fileURLToPath(printed);
    } catch {
      // not a file URL this platform can read: keep it as printed
    }
  }
  return {
    file, line: Number(m[2]), ...(m[3] !== undefined ? { column: Number(m[3]) } : {}),
    printed: { start, end: start + printed.length },
  };
}
