/** Hands out `prefix_<n>` ids, counted per prefix over the server's whole life so ids never repeat. */
export class IdSource {
  private readonly counters = new Map<string, number>();

  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}_${n}`;
  }
}
