// Commander flags from the settings table (src/options.ts): one Option per row that
// has a flag for this command, parsed by the row's own type, so a bad value is one
// line naming the flag, the range and the value given.
import { Option, type Command as Cmd } from 'commander';
import { OPTIONS, OptionError, flagName, helpOf, type Command, type FlagValues, type OptionName, type Row } from '../options.js';
import { UsageError } from '../scenario/errors.js';

/** Adds the flags; returns a reader of the values the user gave (not commander's defaults). */
export function addFlags(cmd: Cmd, command: Command): (parsed: Cmd) => FlagValues {
  const attrs: [OptionName, string][] = [];
  for (const [name, r] of Object.entries(OPTIONS) as [OptionName, Row][]) {
    if (!r.flag || !(r.commands ?? ['run']).includes(command)) continue;
    const opt = new Option(r.flag, helpOf(r));
    if (opt.required || opt.optional) {
      opt.argParser((value: string, previous: unknown) => {
        let v: unknown;
        try {
          v = r.type.fromText(value);
        } catch (e) {
          if (e instanceof OptionError) throw new UsageError(`${flagName(r)}: expected ${e.expected}, got ${e.got}`);
          throw e;
        }
        // A repeatable list flag (--reporter a --reporter b) adds up.
        return r.repeatable && Array.isArray(previous) ? [...previous, ...(v as unknown[])] : v;
      });
    }
    cmd.addOption(opt);
    // --color has its negation beside it.
    if (r.flag === '--color') cmd.addOption(new Option('--no-color').hideHelp());
    attrs.push([name, opt.attributeName()]);
  }
  return (parsed) => {
    const out: Record<string, unknown> = {};
    for (const [name, attr] of attrs) {
      // Only what was typed: commander's implied defaults (--no-bail makes bail
      // default to true) must not hide a config file's value.
      if (parsed.getOptionValueSource(attr) === 'cli') out[name] = parsed.getOptionValue(attr);
    }
    return out as FlagValues;
  };
}
