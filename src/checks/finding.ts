import { reasonCatalogue, type Details, type ReasonCode } from '../reports/reason-codes.ts';

/** One reason a check found, with the values that explain it. */
export interface Finding {
  readonly code: ReasonCode;
  readonly details: Details;
}

/** Result of every check: no findings means the check passed. */
export type CheckResult = readonly Finding[];

export const passed: CheckResult = Object.freeze([]);

export function finding(code: ReasonCode, details: Details = {}): Finding {
  return { code, details };
}

export type Verdict = 'accepted' | 'rejected' | 'already_attached';

/** Rejections (severity R) decide the verdict; warnings ride along with an accepted receipt. */
export function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => reasonCatalogue[f.code].severity === 'R')) return 'rejected';
  if (findings.some((f) => f.code === 'RECEIPT_ALREADY_ATTACHED')) return 'already_attached';
  return 'accepted';
}

export function rejections(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => reasonCatalogue[f.code].severity === 'R');
}

export function warnings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => reasonCatalogue[f.code].severity === 'W');
}
