// The undo log of the in-memory engine's open transaction: what each write replaced, replayed
// backwards on rollback, dropped on commit. Outside a transaction writes are not journalled (each
// statement checks everything before it writes, so a refused one has nothing to undo).
export class Journal {
  private undo: (() => void)[] | undefined;

  begin(): void {
    this.undo = [];
  }

  record(step: () => void): void {
    this.undo?.push(step);
  }

  commit(): void {
    this.undo = undefined;
  }

  rollback(): void {
    const steps = this.undo;
    this.undo = undefined;
    if (steps === undefined) return;
    for (let i = steps.length - 1; i >= 0; i--) steps[i]!();
  }
}
