// XML for the reporter tests, through a real parser (fast-xml-parser): validate,
// then parse into a small ordered element tree the tests can walk.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, entities decoded. */
  text: string;
}

// preserveOrder keeps child order (JUnit wants failures before system-out); strings
// stay strings; htmlEntities decodes the numeric references escapeXmlAttr writes.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  htmlEntities: true,
});

// XMLValidator lets these through; Jenkins' and GitLab's parsers do not.
const FORBIDDEN_CHAR = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;
const UNDECLARED_ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;

type Node = { [name: string]: Node[] | string | Record<string, string> | undefined; ':@'?: Record<string, string> };

export function parseXml(xml: string): XmlElement {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, col ${valid.err.col})`);
  if (FORBIDDEN_CHAR.test(xml)) throw new Error('not well-formed XML: a character XML 1.0 forbids');
  if (UNDECLARED_ENTITY.test(xml)) throw new Error('not well-formed XML: a bare & or an undeclared entity');
  if (xml.includes(']]>')) throw new Error('not well-formed XML: ]]> outside CDATA');
  const roots = (parser.parse(xml) as Node[]).map(toElement).filter((n): n is XmlElement => typeof n !== 'string');
  if (roots.length !== 1) throw new Error(`not well-formed XML: ${roots.length} root elements`);
  return roots[0]!;
}

function toElement(node: Node): XmlElement | string {
  if (typeof node['#text'] === 'string') return node['#text'];
  const name = Object.keys(node).find((k) => k !== ':@')!;
  const inner = (node[name] as Node[]).map(toElement);
  return {
    name,
    attrs: { ...node[':@'] },
    children: inner.filter((n): n is XmlElement => typeof n !== 'string'),
    text: inner.filter((n): n is string => typeof n === 'string').join(''),
  };
}

export function children(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}
