// Prints the demo as a story and keeps score of the facts it claims, so the demo fails loudly
// (exit 1) if a simulator stops behaving as narrated.

export class Narrator {
  private readonly write: (line: string) => void;
  private step = 0;
  readonly broken: string[] = [];

  constructor(write: (line: string) => void = (l) => console.log(l)) {
    this.write = write;
  }

  chapter(title: string): void {
    this.write(`\n== ${title}`);
  }

  say(text: string): void {
    this.step += 1;
    this.write(`${String(this.step).padStart(2)}. ${text}`);
  }

  detail(text: string): void {
    this.write(`      ${text}`);
  }

  /** States a fact the demo relies on; a false one is reported and fails the demo. */
  check(fact: string, holds: boolean): void {
    this.write(`      ${holds ? '✓' : '✗'} ${fact}`);
    if (!holds) this.broken.push(fact);
  }
}
