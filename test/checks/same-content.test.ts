import { describe, expect, it } from 'vitest';
import { isSameContent } from '../../src/checks/same-content.ts';

describe('isSameContent', () => {
  it.each([
    ['p1:x1', 'p1:x1', true],
    ['p1:x1', 'p2:x1', true],
    ['p1:', 'p1:x1', true],
    [':x1', 'p1:x1', true],
    ['p1:x1', 'p1:x2', false],
    ['p1:', 'p2:x1', false],
    [':x1', 'p1:', false],
    ['p1:', 'p2:', false],
  ])('%s against %s is %s', (stored, incoming, expected) => {
    expect(isSameContent(stored, incoming)).toBe(expected);
  });
});
