import { demoScenarios, type DemoScenario } from '../src/demo/demo-scenarios.ts';

/**
 * Issue date of every bench receipt. Fixed, so a cached batch stays valid on later days:
 * the checks reject only dates after today or before the order date.
 */
export const benchIssueDate = '2025-01-15';

/** All-valid receipts (boletas and facturas of the demo seller), the same on every call. */
export function benchScenarios(count: number): DemoScenario[] {
  return demoScenarios({ count, runTag: 'BENCH', issueDate: benchIssueDate, mistakeEvery: 0 });
}

/** File base name as SUNAT names receipts: RUC-TYPE-SERIES-NUMBER. */
export function sunatBaseName(scenario: DemoScenario): string {
  const { spec } = scenario;
  return `${spec.issuerRuc}-${spec.docType}-${spec.series}-${spec.number}`;
}
