import { describe, expect, it } from 'vitest';
import { checkIssueDate } from '../../src/checks/check-dates.ts';
import { expectMessagesFilled, factura, facturaOrder, today } from './receipt-fixtures.ts';

const order = facturaOrder({ orderDate: '2024-05-09' });

describe('checkIssueDate', () => {
  it.each(['2024-05-10', '10/05/2024', '10-05-2024', '2024-05-09', today])('passes %s', (issueDate) => {
    expect(checkIssueDate(factura({ issueDate }), today, order)).toEqual([]);
  });

  it('passes an early date without an order', () => {
    expect(checkIssueDate(factura({ issueDate: '2020-01-01' }), today, null)).toEqual([]);
  });

  it.each([
    ['2024-05-13', 'es posterior a hoy (2024-05-12)'],
    ['13/05/2024', 'es posterior a hoy (2024-05-12)'],
    ['2024-05-08', 'es anterior a la fecha del pedido (2024-05-09)'],
    ['31/02/2024', 'no es una fecha reconocible'],
    ['mayo 2024', 'no es una fecha reconocible'],
  ])('rejects %s', (issueDate, reason) => {
    const findings = checkIssueDate(factura({ issueDate }), today, order);
    expect(findings).toEqual([{ code: 'ISSUE_DATE_INVALID', details: { date: issueDate, reason } }]);
    expectMessagesFilled(findings);
  });

  it('rejects a missing date', () => {
    const findings = checkIssueDate(factura({ issueDate: null }), today, order);
    expect(findings).toEqual([
      { code: 'ISSUE_DATE_INVALID', details: { date: '(sin fecha)', reason: 'no figura en el comprobante' } },
    ]);
  });
});
