import { z } from 'zod';

// zod probes `new Function` to speed up parsing; the page's CSP forbids eval, and the probe would log a
// violation on every start. Must run before any schema parses.
z.config({ jitless: true });
