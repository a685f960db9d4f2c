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
