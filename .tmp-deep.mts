import { readUblXml } from './src/receipts/read-ubl.ts';
const deep = '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">' + '<a>'.repeat(20000) + '</a>'.repeat(20000) + '</Invoice>';
console.log(JSON.stringify(readUblXml(Buffer.from(deep), 'deep.xml')));
const proto = '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID __proto__="x" constructor="y">F001-1</cbc:ID><__proto__><cbc:ID>z</cbc:ID></__proto__></Invoice>';
const r = readUblXml(Buffer.from(proto), 'p.xml');
console.log(JSON.stringify(r), ({} as any).x);
