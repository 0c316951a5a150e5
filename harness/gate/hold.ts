// While a live drill's faults play and heal, the simulation drills start no new drill. The live
// drill runs on the wall clock: a SUT that restarts slowly because drill threads took the CPU
// leaves the drill's traffic facing no SUT at all, and the drill proves nothing (vacuous: exit 2)
// on a machine that is merely busy. Sim drills do not care when they run (virtual time), so they
// wait; one already running finishes (it is seconds at most).
export class Hold {
  private held = false;
  private waiters: (() => void)[] = [];

  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves at once when not held, else when released. */
  wait(): Promise<void> {
    return this.held ? new Promise((resolve) => this.waiters.push(resolve)) : Promise.resolve();
  }
}
