import type { XmlElement } from './xml-tree.ts';

/**
 * Path lookups on an XmlElement tree. Paths use this module's own prefixes, which stand
 * for namespace URIs; the document's prefixes play no part.
 * Example: `cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID`.
 */

export const namespaces = {
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  ext: 'urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  sac: 'urn:sunat:names:specification:ubl:peru:schema:xsd:SunatAggregateComponents-1',
} as const;

type Prefix = keyof typeof namespaces;

interface Step {
  readonly namespace: string;
  readonly name: string;
}

const compiledPaths = new Map<string, readonly Step[]>();

function compile(path: string): readonly Step[] {
  const cached = compiledPaths.get(path);
  if (cached !== undefined) return cached;

  const steps = path.split('/').map((part) => {
    const [prefix, name] = part.split(':') as [Prefix, string];
    const namespace = namespaces[prefix];
    if (namespace === undefined || name === undefined) throw new Error(`Invalid XML path step "${part}" in "${path}"`);
    return { namespace, name };
  });
  compiledPaths.set(path, steps);
  return steps;
}

function matches(element: XmlElement, step: Step): boolean {
  return element.name === step.name && element.namespace === step.namespace;
}

/** Returns every element at the end of the path, in document order. */
export function findAll(from: XmlElement, path: string): XmlElement[] {
  let current: XmlElement[] = [from];
  for (const step of compile(path)) {
    current = current.flatMap((element) => element.children.filter((child) => matches(child, step)));
  }
  return current;
}

/** Returns the first element at the end of the path, trying every branch in document order. */
export function findFirst(from: XmlElement, path: string): XmlElement | null {
  return findAll(from, path)[0] ?? null;
}

/** Trimmed text of the first element on the path that has any text; null when none has. */
export function textAt(from: XmlElement, path: string): string | null {
  for (const element of findAll(from, path)) {
    const text = collapseWhitespace(element.text);
    if (text !== '') return text;
  }
  return null;
}

/** Returns the first descendant (depth first, document order) with this name, e.g. `ds:DigestValue`. */
export function findDescendant(from: XmlElement, qualifiedName: string): XmlElement | null {
  const [step] = compile(qualifiedName) as [Step];
  for (const child of from.children) {
    if (matches(child, step)) return child;
    const found = findDescendant(child, qualifiedName);
    if (found !== null) return found;
  }
  return null;
}

/** True when the element is `prefix:Name` in this module's prefixes. */
export function isElement(element: XmlElement, qualifiedName: string): boolean {
  const [step] = compile(qualifiedName) as [Step];
  return matches(element, step);
}

/** Values padded with newlines and indentation ("PEN\n    ") read as their single-spaced text. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
