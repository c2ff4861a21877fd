import { useEffect, useRef } from 'react';

/** Turns of the spinner: twelve steps a turn, about one turn a second. */
const STEPS = 12;
const STEP_MS = 80;
const REDUCED_STEP_MS = 240;

/**
 * The busy mark: a ring that turns in steps, moved by a timer a dozen times a second. A CSS animation would
 * have the browser draw a new frame at every chance it gets, for as long as the agent works: 60 a second on
 * a display, and without limit where frames are not tied to one (a headless Chromium), where this one ring
 * kept two cores busy and slowed down everything else on the machine, the agent included.
 */
export function Spinner({ small = false }: { small?: boolean }) {
  const ring = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const element = ring.current;
    if (!element) return;
    const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    let step = 0;
    const timer = setInterval(
      () => {
        step = (step + 1) % STEPS;
        // A style set through the CSSOM, which the page's CSP allows (it forbids style attributes in markup).
        element.style.transform = `rotate(${(step * 360) / STEPS}deg)`;
      },
      reduced ? REDUCED_STEP_MS : STEP_MS,
    );
    return () => clearInterval(timer);
  }, []);
  return <span ref={ring} className={small ? 'spinner spinner--small' : 'spinner'} aria-hidden="true" />;
}
