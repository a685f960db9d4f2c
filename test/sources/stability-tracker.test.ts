import { describe, expect, it } from 'vitest';
import { StabilityTracker } from '../../src/sources/stability-tracker.ts';

describe('StabilityTracker', () => {
  it('reports a file once its stamp stays the same for stableMs', () => {
    const tracker = new StabilityTracker(1000);
    tracker.touch('a.zip', 0);
    expect(tracker.observe('a.zip', { size: 10, mtimeMs: 5 }, 100)).toBe(false);
    expect(tracker.observe('a.zip', { size: 10, mtimeMs: 5 }, 600)).toBe(false);
    expect(tracker.observe('a.zip', { size: 10, mtimeMs: 5 }, 1100)).toBe(true);
    expect(tracker.files()).toEqual([]);
  });

  it('restarts the quiet period when the size grows', () => {
    const tracker = new StabilityTracker(1000);
    tracker.touch('a.zip', 0);
    tracker.observe('a.zip', { size: 10, mtimeMs: 5 }, 0);
    expect(tracker.observe('a.zip', { size: 20, mtimeMs: 5 }, 1500)).toBe(false);
    expect(tracker.observe('a.zip', { size: 20, mtimeMs: 5 }, 2000)).toBe(false);
    expect(tracker.observe('a.zip', { size: 20, mtimeMs: 5 }, 2500)).toBe(true);
  });

  it('restarts the quiet period when only the mtime changes', () => {
    const tracker = new StabilityTracker(1000);
    tracker.touch('a.zip', 0);
    tracker.observe('a.zip', { size: 10, mtimeMs: 5 }, 0);
    expect(tracker.observe('a.zip', { size: 10, mtimeMs: 9 }, 1500)).toBe(false);
    expect(tracker.observe('a.zip', { size: 10, mtimeMs: 9 }, 2500)).toBe(true);
  });

  it('forgets a file that disappeared', () => {
    const tracker = new StabilityTracker(1000);
    tracker.touch('a.zip', 0);
    expect(tracker.observe('a.zip', null, 100)).toBe(false);
    expect(tracker.files()).toEqual([]);
  });

  it('ignores files it was never told about', () => {
    const tracker = new StabilityTracker(1000);
    expect(tracker.observe('b.zip', { size: 1, mtimeMs: 1 }, 5000)).toBe(false);
  });
});

describe('StabilityTracker notBefore', () => {
  it('holds a stable file back until notBefore', () => {
    const tracker = new StabilityTracker(1000);
    tracker.touch('a.zip', 0, 60_000);
    tracker.observe('a.zip', { size: 10, mtimeMs: 5 }, 0);
    expect(tracker.observe('a.zip', { size: 10, mtimeMs: 5 }, 5_000)).toBe(false);
    expect(tracker.observe('a.zip', { size: 10, mtimeMs: 5 }, 60_000)).toBe(true);
  });
});

describe('StabilityTracker quiet periods', () => {
  it('takes a shorter quiet period for one file', () => {
    const tracker = new StabilityTracker(2000);
    tracker.touch('a.zip', 0);
    expect(tracker.observe('a.zip', { size: 10, mtimeMs: 0 }, 100, 500)).toBe(false);
    expect(tracker.observe('a.zip', { size: 10, mtimeMs: 0 }, 499, 500)).toBe(false);
    expect(tracker.observe('a.zip', { size: 10, mtimeMs: 0 }, 500, 500)).toBe(true);
  });

  it('keeps stableMs without a quiet period', () => {
    const tracker = new StabilityTracker(2000);
    tracker.touch('a.csv', 0);
    tracker.observe('a.csv', { size: 10, mtimeMs: 0 }, 100);
    expect(tracker.observe('a.csv', { size: 10, mtimeMs: 0 }, 1999)).toBe(false);
    expect(tracker.observe('a.csv', { size: 10, mtimeMs: 0 }, 2000)).toBe(true);
  });

  it('counts from an mtime after the touch', () => {
    const tracker = new StabilityTracker(1000);
    tracker.touch('a.zip', 0);
    tracker.observe('a.zip', { size: 10, mtimeMs: 300 }, 400);
    expect(tracker.observe('a.zip', { size: 10, mtimeMs: 300 }, 1299)).toBe(false);
    expect(tracker.observe('a.zip', { size: 10, mtimeMs: 300 }, 1300)).toBe(true);
  });

  it('ignores an mtime before the touch', () => {
    const tracker = new StabilityTracker(1000);
    tracker.touch('a.zip', 5000);
    tracker.observe('a.zip', { size: 10, mtimeMs: 1 }, 5100);
    expect(tracker.observe('a.zip', { size: 10, mtimeMs: 1 }, 5999)).toBe(false);
    expect(tracker.observe('a.zip', { size: 10, mtimeMs: 1 }, 6000)).toBe(true);
  });

  it('ignores an mtime in the future', () => {
    const tracker = new StabilityTracker(1000);
    tracker.touch('a.zip', 0);
    tracker.observe('a.zip', { size: 10, mtimeMs: 90_000 }, 100);
    expect(tracker.observe('a.zip', { size: 10, mtimeMs: 90_000 }, 1099)).toBe(false);
    expect(tracker.observe('a.zip', { size: 10, mtimeMs: 90_000 }, 1100)).toBe(true);
  });

  it('counts a change between looks from the look', () => {
    const tracker = new StabilityTracker(1000);
    tracker.touch('a.zip', 0);
    tracker.observe('a.zip', { size: 10, mtimeMs: 0 }, 100);
    tracker.observe('a.zip', { size: 20, mtimeMs: 150 }, 600);
    expect(tracker.observe('a.zip', { size: 20, mtimeMs: 150 }, 1599)).toBe(false);
    expect(tracker.observe('a.zip', { size: 20, mtimeMs: 150 }, 1600)).toBe(true);
  });
});

describe('StabilityTracker nextDecisionAt', () => {
  it('returns null before any look', () => {
    const tracker = new StabilityTracker(1000);
    tracker.touch('a.zip', 0);
    expect(tracker.nextDecisionAt()).toBeNull();
  });

  it('returns the earliest file due', () => {
    const tracker = new StabilityTracker(2000);
    tracker.touch('a.csv', 0);
    tracker.touch('b.zip', 100);
    tracker.observe('a.csv', { size: 10, mtimeMs: 0 }, 200);
    tracker.observe('b.zip', { size: 10, mtimeMs: 0 }, 200, 500);
    expect(tracker.nextDecisionAt()).toBe(600);
  });

  it('waits for notBefore', () => {
    const tracker = new StabilityTracker(1000);
    tracker.touch('a.zip', 0, 60_000);
    tracker.observe('a.zip', { size: 10, mtimeMs: 0 }, 100);
    expect(tracker.nextDecisionAt()).toBe(60_000);
  });
});
