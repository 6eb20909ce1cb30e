/**
 * The page text (in characters) fetched and not yet applied that all of a pull's feeds hold,
 * against a limit. The replica applies collections one after another in dependency order; without
 * room to read ahead, a later collection's requests would wait for the earlier ones' applies, and
 * an initial sync would take the sum of the server's times instead of the longest of them.
 */
export class ReadAhead {
  private held = 0;
  private readonly waiting = new Set<() => void>();

  constructor(readonly limitChars: number) {}

  /** What the feeds hold now, in characters. */
  get heldChars(): number {
    return this.held;
  }

  /** Whether `chars` more fit under the limit. */
  fits(chars: number): boolean {
    return this.held + chars <= this.limitChars;
  }

  /** Resolves at the next release. */
  async released(): Promise<void> {
    await new Promise<void>((resolve) => this.waiting.add(resolve));
  }

  /** Counts a page (or a request's expected page) as held. */
  hold(chars: number): void {
    this.held += chars;
  }

  /** A page was applied or dropped: its room is free, and every waiting feed looks again. */
  release(chars: number): void {
    this.held -= chars;
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const resolve of waiting) resolve();
  }
}
