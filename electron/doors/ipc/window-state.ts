import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../../host/atomic-file.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

/*
 * Checked by hand rather than with zod: the window's place is read before the first window opens, and the main
 * process loads zod only with the host, beside that window.
 */
const isInt = (value: unknown): value is number => Number.isInteger(value);

function windowStateOf(value: unknown): WindowState | null {
  if (typeof value !== 'object' || value === null) return null;
  const { bounds, maximized } = value as { bounds?: unknown; maximized?: unknown };
  if (typeof maximized !== 'boolean' || typeof bounds !== 'object' || bounds === null) return null;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (!isInt(x) || !isInt(y) || !isInt(width) || !isInt(height) || width <= 0 || height <= 0) return null;
  return { bounds: { x, y, width, height }, maximized };
}

export const DEFAULT_WINDOW_SIZE = { width: 1200, height: 820 };
export const MIN_WINDOW_SIZE = { width: 640, height: 480 };
/** How much of a saved window must still be on some screen for its place to be kept. */
const MIN_VISIBLE = { width: 120, height: 60 };

export function windowStateFile(home: string): string {
  return path.join(home, 'window-state.json');
}

/** The saved size and place, or null when none is saved or the file is damaged (the window then starts centred). */
export async function readWindowState(file: string): Promise<WindowState | null> {
  try {
    return windowStateOf(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    return null;
  }
}

export async function writeWindowState(file: string, state: WindowState): Promise<void> {
  await writeFileAtomically(file, `${JSON.stringify(state)}\n`);
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Where the window opens: where it was, if enough of that is on a screen that is still attached; otherwise at
 * its old size (shrunk to fit the first screen) with no position, which the window system centres.
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Rect[]): { bounds: Partial<Rect> & { width: number; height: number }; maximized: boolean } {
  const fallback = workAreas[0];
  if (!saved) return { bounds: fitTo(DEFAULT_WINDOW_SIZE, fallback), maximized: false };
  const visible = workAreas.some((area) => {
    const seen = overlap(saved.bounds, area);
    return seen.width >= MIN_VISIBLE.width && seen.height >= MIN_VISIBLE.height;
  });
  if (visible) return { bounds: { ...saved.bounds, ...fitTo(saved.bounds, undefined) }, maximized: saved.maximized };
  return { bounds: fitTo(saved.bounds, fallback), maximized: saved.maximized };
}

function fitTo(size: { width: number; height: number }, area: Rect | undefined): { width: number; height: number } {
  const width = Math.max(MIN_WINDOW_SIZE.width, area ? Math.min(size.width, area.width) : size.width);
  const height = Math.max(MIN_WINDOW_SIZE.height, area ? Math.min(size.height, area.height) : size.height);
  return { width, height };
}
