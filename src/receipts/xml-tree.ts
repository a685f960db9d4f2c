import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * A namespace-resolved element tree built on fast-xml-parser, which itself keeps prefixes
 * as written. UBL files bind the same namespace to different prefixes (`cbc:`, `ns2:`, a
 * default namespace), so every lookup here goes by namespace URI and local name.
 *
 * Safety: a document with `<!DOCTYPE` is rejected before parsing, and entity processing is
 * off, so no external entity is fetched and no entity is expanded. Only the five predefined
 * XML entities and numeric character references are decoded.
 */

export interface XmlElement {
  readonly namespace: string | null;
  readonly name: string;
  /** Attributes by name as written (prefix kept), without namespace declarations; values decoded. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Direct text and CDATA of the element, decoded and trimmed. */
  readonly text: string;
}

export type ParsedXml = { readonly ok: true; readonly root: XmlElement } | { readonly ok: false; readonly reason: string };

const xmlNamespace = 'http://www.w3.org/XML/1998/namespace';
const textKey = '#text';
const cdataKey = '#cdata';
const attributesKey = ':@';
const attributePrefix = '@_';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: attributePrefix,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  cdataPropName: cdataKey,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** Parses XML text into an element tree, or returns a short Spanish reason why it is not acceptable. */
export function parseXmlTree(text: string): ParsedXml {
  if (/<!DOCTYPE/i.test(text)) return { ok: false, reason: 'contiene una declaración DTD (<!DOCTYPE>), que no se admite' };

  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { line, col } = validation.err;
    return { ok: false, reason: `no está bien formado (línea ${line}, columna ${col})` };
  }

  try {
    const nodes = parser.parse(text) as OrderedNode[];
    const rootNode = nodes.find((node) => tagNameOf(node) !== null);
    if (rootNode === undefined) return { ok: false, reason: 'no tiene elemento raíz' };
    return { ok: true, root: buildElement(rootNode, new Map([['xml', xmlNamespace]])) };
  } catch (error) {
    if (error instanceof NamespaceError) return { ok: false, reason: error.message };
    return { ok: false, reason: `no se pudo analizar (${(error as Error).message})` };
  }
}

type OrderedNode = Record<string, unknown>;

class NamespaceError extends Error {}

function tagNameOf(node: OrderedNode): string | null {
  for (const key of Object.keys(node)) {
    if (key !== attributesKey && key !== textKey && key !== cdataKey) return key;
  }
  return null;
}

function buildElement(node: OrderedNode, parentScope: ReadonlyMap<string, string>): XmlElement {
  const qualifiedName = tagNameOf(node) as string;
  const rawAttributes = (node[attributesKey] ?? {}) as Record<string, string>;
  const scope = declareNamespaces(rawAttributes, parentScope);

  // No prototype, so an attribute named __proto__ or constructor is only data.
  const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(rawAttributes)) {
    const name = key.slice(attributePrefix.length);
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) attributes[name] = decodeXmlEntities(String(value));
  }

  const children: XmlElement[] = [];
  let text = '';
  for (const child of node[qualifiedName] as OrderedNode[]) {
    if (textKey in child) text += decodeXmlEntities(String(child[textKey]));
    else if (cdataKey in child) text += cdataText(child[cdataKey] as OrderedNode[]);
    else if (tagNameOf(child) !== null) children.push(buildElement(child, scope));
  }

  const { namespace, localName } = resolveName(qualifiedName, scope);
  return { namespace, name: localName, attributes, children, text: text.trim() };
}

function declareNamespaces(rawAttributes: Record<string, string>, parentScope: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  let scope: Map<string, string> | null = null;
  for (const [key, value] of Object.entries(rawAttributes)) {
    const name = key.slice(attributePrefix.length);
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    scope ??= new Map(parentScope);
    scope.set(name === 'xmlns' ? '' : name.slice('xmlns:'.length), decodeXmlEntities(String(value)));
  }
  return scope ?? parentScope;
}

function resolveName(qualifiedName: string, scope: ReadonlyMap<string, string>): { namespace: string | null; localName: string } {
  const colon = qualifiedName.indexOf(':');
  if (colon === -1) return { namespace: scope.get('') || null, localName: qualifiedName };

  const prefix = qualifiedName.slice(0, colon);
  const namespace = scope.get(prefix);
  if (namespace === undefined) throw new NamespaceError(`usa el prefijo "${prefix}" sin declarar su espacio de nombres`);
  return { namespace, localName: qualifiedName.slice(colon + 1) };
}

function cdataText(parts: OrderedNode[]): string {
  return parts.map((part) => String(part[textKey] ?? '')).join('');
}

const predefinedEntities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Decodes the five predefined entities and numeric character references. Any other
 * `&name;` stays as written: there is no DTD to define it.
 */
export function decodeXmlEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#')) {
      const codePoint = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return isXmlCharacter(codePoint) ? String.fromCodePoint(codePoint) : whole;
    }
    return predefinedEntities[entity] ?? whole;
  });
}

function isXmlCharacter(codePoint: number): boolean {
  if (codePoint === 0x9 || codePoint === 0xa || codePoint === 0xd) return true;
  if (codePoint >= 0x20 && codePoint <= 0xd7ff) return true;
  if (codePoint >= 0xe000 && codePoint <= 0xfffd) return true;
  return codePoint >= 0x10000 && codePoint <= 0x10ffff;
}
