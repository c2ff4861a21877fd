import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, placeWindow, readWindowState, windowStateFile, writeWindowState } from './window-state.js';

const screenA = { x: 0, y: 0, width: 1920, height: 1040 };
const screenB = { x: 1920, y: 0, width: 1280, height: 760 };

let home = '';
afterEach(async () => {
  if (home) await rm(home, { recursive: true, force: true });
  home = '';
});

describe('placeWindow', () => {
  it('opens a first window at the default size, centred', () => {
    expect(placeWindow(null, [screenA])).toEqual({ bounds: DEFAULT_WINDOW_SIZE, maximized: false });
  });

  it('puts the window back where it was when that is still on a screen', () => {
    const saved = { bounds: { x: 2000, y: 40, width: 1000, height: 700 }, maximized: true };
    expect(placeWindow(saved, [screenA, screenB])).toEqual({ bounds: saved.bounds, maximized: true });
  });

  it('keeps only the size, fitted to the screen, when its screen is gone', () => {
    const saved = { bounds: { x: 2000, y: 40, width: 1600, height: 900 }, maximized: false };
    expect(placeWindow(saved, [{ x: 0, y: 0, width: 1280, height: 760 }])).toEqual({ bounds: { width: 1280, height: 760 }, maximized: false });
  });

  it('never makes the window smaller than its minimum', () => {
    const saved = { bounds: { x: 10, y: 10, width: 100, height: 100 }, maximized: false };
    expect(placeWindow(saved, [screenA]).bounds).toMatchObject(MIN_WINDOW_SIZE);
  });
});

describe('window state file', () => {
  it('round-trips, and reads a damaged file as nothing saved', async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'tandem-window-'));
    const file = windowStateFile(home);
    expect(await readWindowState(file)).toBeNull();
    const state = { bounds: { x: -5, y: 20, width: 900, height: 600 }, maximized: false };
    await writeWindowState(file, state);
    expect(await readWindowState(file)).toEqual(state);
    await writeFile(file, '{"bounds": {"x": "left"}}');
    expect(await readWindowState(file)).toBeNull();
  });
});
