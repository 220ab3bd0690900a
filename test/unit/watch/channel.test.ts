import { afterEach, describe, expect, it } from 'vitest';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EventWriter } from '../../../src/watch/channel.js';
import { C, Control } from '../../../src/shm/control.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('EventWriter', () => {
  it('writes whole lines, counts results, and drops everything after the seal', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rc-channel-'));
    const file = path.join(dir, 'events');
    const fd = openSync(file, 'w');
    const control = Control.create();
    const w = new EventWriter(fd, control);
    expect(w.write('{"type":"start"}')).toBe(true);
    expect(w.write('{"type":"result"}', { isResult: true })).toBe(true);
    expect(control.results).toBe(1);
    const sealed = w.withLock(() => w.write('{"type":"done"}', { seal: true }));
    expect(sealed).toBe(true);
    expect(w.write('{"type":"late"}')).toBe(false);
    closeSync(fd);
    expect(readFileSync(file, 'utf8')).toBe('{"type":"start"}\n{"type":"result"}\n{"type":"done"}\n');
    expect(Atomics.load(control.i32, C.LOCK)).toBe(0);
  });
});
