/**
 * Runs async work one at a time. A call while it runs joins it and makes it run once more
 * afterwards, so a trigger is never lost and never runs twice concurrently.
 */
export class CoalescedRun {
  private running: Promise<void> | null = null;
  private again = false;

  /** `work` returns false to stop (no further round even if one was asked for). */
  constructor(private readonly work: () => Promise<boolean>) {}

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => (this.running = null));
    return this.running;
  }

  /** The running round, if any. */
  get current(): Promise<void> | null {
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      if (!(await this.work())) return;
    } while (this.again);
  }
}
