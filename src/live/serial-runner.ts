/**
 * Runs `work` one at a time: a request during a run queues exactly one more run, and every request
 * resolves when a run that began after it has finished. (Failures are `work`'s to report.)
 */
export class SerialRunner {
  private running: Promise<void> | undefined;
  private again = false;
  private waiters: Array<() => void> = [];

  constructor(private readonly work: () => Promise<void>) {}

  request(): Promise<void> {
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.running) this.again = true;
    else this.running = this.drain();
    return done;
  }

  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      const waiting = this.waiters.splice(0);
      await this.work().catch(() => {});
      for (const resolve of waiting) resolve();
    } while (this.again || this.waiters.length > 0);
    this.running = undefined;
  }
}
