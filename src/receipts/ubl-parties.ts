import type { BuyerIdentity } from './receipt-document.ts';
import { findFirst, textAt } from './xml-query.ts';
import type { XmlElement } from './xml-tree.ts';

/**
 * Issuer and buyer of a UBL document. Three layouts occur in real files:
 * UBL 2.1 (`cac:Party/cac:PartyIdentification/cbc:ID`), legacy UBL 2.0
 * (`cbc:CustomerAssignedAccountID` with the scheme in `cbc:AdditionalAccountID`), and
 * SUNAT's May-2017 draft (`cac:Party/cac:PartyTaxScheme/cbc:CompanyID`).
 */

/** Party containers that name the issuer, by document kind (receipts, guías, retención/percepción). */
const supplierContainers = ['cac:AccountingSupplierParty', 'cac:DespatchSupplierParty', 'cac:AgentParty'] as const;

export interface UblIssuer {
  readonly ruc: string | null;
  readonly name: string | null;
}

export function readIssuer(root: XmlElement): UblIssuer {
  for (const container of supplierContainers) {
    const party = findFirst(root, container);
    if (party === null) continue;
    const identity = readPartyIdentity(party);
    return { ruc: identity.id, name: identity.name };
  }
  return { ruc: null, name: null };
}

export function readBuyer(root: XmlElement): BuyerIdentity {
  for (const container of ['cac:AccountingCustomerParty', 'cac:DeliveryCustomerParty'] as const) {
    const party = findFirst(root, container);
    if (party !== null) return readPartyIdentity(party);
  }
  return { schemeId: null, id: null, name: null };
}

/** Reads id, scheme and name from a supplier or customer container, whichever layout it uses. */
function readPartyIdentity(container: XmlElement): BuyerIdentity {
  const identifier =
    findIdentifier(container, 'cac:Party/cac:PartyIdentification/cbc:ID') ??
    findIdentifier(container, 'cac:Party/cac:PartyTaxScheme/cbc:CompanyID') ??
    findIdentifier(container, 'cac:Party/cac:PartyLegalEntity/cbc:CompanyID') ??
    findIdentifier(container, 'cbc:CustomerAssignedAccountID');

  const legacyScheme = textAt(container, 'cbc:AdditionalAccountID');
  const name =
    textAt(container, 'cac:Party/cac:PartyLegalEntity/cbc:RegistrationName') ??
    textAt(container, 'cac:Party/cac:PartyTaxScheme/cbc:RegistrationName') ??
    textAt(container, 'cac:Party/cac:PartyName/cbc:Name');

  return {
    schemeId: identifier?.schemeId ?? legacyScheme,
    id: identifier?.id ?? null,
    name,
  };
}

function findIdentifier(container: XmlElement, path: string): { id: string; schemeId: string | null } | null {
  const element = findFirst(container, path);
  const id = element?.text.replace(/\s+/g, '') ?? '';
  if (element === null || id === '') return null;

  const schemeId = element.attributes['schemeID']?.trim() || null;
  return { id, schemeId };
}
