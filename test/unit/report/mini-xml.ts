// A strict little XML 1.0 well-formedness checker for the JUnit tests: balanced tags,
// quoted and unique attributes, only the five predefined or numeric entities, no bare
// `<` or `&`, no characters XML forbids. Returns the element tree.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = '[A-Za-z_][\\w.-]*';
const FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;

function decode(raw: string, where: string): string {
  if (FORBIDDEN.test(raw)) throw new Error(`forbidden character in ${where}`);
  const bare = raw.replace(ENTITY, '');
  if (bare.includes('&')) throw new Error(`bare & in ${where}: ${raw}`);
  if (bare.includes('<')) throw new Error(`bare < in ${where}: ${raw}`);
  return raw.replace(ENTITY, (_m, named: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (named) return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[named]!;
    const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    if (code < 0x20 && code !== 9 && code !== 10 && code !== 13) throw new Error(`forbidden character reference in ${where}`);
    return String.fromCodePoint(code);
  });
}

export function parseXml(xml: string): XmlElement {
  let rest = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  const open = new RegExp(`^<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>`);
  const close = new RegExp(`^</(${NAME})\\s*>`);
  while (rest.length > 0) {
    const top = stack[stack.length - 1]!;
    let m: RegExpExecArray | null;
    if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->');
      if (end < 0) throw new Error('unterminated comment');
      rest = rest.slice(end + 3);
    } else if (rest.startsWith('<![CDATA[')) {
      const end = rest.indexOf(']]>');
      if (end < 0) throw new Error('unterminated CDATA');
      top.text += rest.slice(9, end);
      rest = rest.slice(end + 3);
    } else if ((m = close.exec(rest))) {
      if (top.name !== m[1]) throw new Error(`</${m[1]}> closes <${top.name}>`);
      stack.pop();
      rest = rest.slice(m[0].length);
    } else if ((m = open.exec(rest))) {
      const el: XmlElement = { name: m[1]!, attrs: {}, children: [], text: '' };
      for (const a of m[2]!.matchAll(new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g'))) {
        if (a[1]! in el.attrs) throw new Error(`duplicate attribute ${a[1]}`);
        el.attrs[a[1]!] = decode(a[2] ?? a[3]!, `attribute ${a[1]}`);
      }
      if (stack.length === 1 && root.children.length > 0) throw new Error('more than one root element');
      top.children.push(el);
      if (m[3] !== '/') stack.push(el);
      rest = rest.slice(m[0].length);
    } else if (rest.startsWith('<')) {
      throw new Error(`malformed markup near: ${rest.slice(0, 40)}`);
    } else {
      const end = rest.indexOf('<');
      const raw = end < 0 ? rest : rest.slice(0, end);
      if (stack.length === 1 && raw.trim() !== '') throw new Error('text outside the root element');
      if (raw.includes(']]>')) throw new Error(']]> in text');
      top.text += decode(raw, `<${top.name}> text`);
      rest = end < 0 ? '' : rest.slice(end);
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (root.children.length !== 1) throw new Error('no root element');
  return root.children[0]!;
}

export function children(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}
