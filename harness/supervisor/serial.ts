// One at a time: a task queued while another runs starts only once that one settled. The live
// world's restarts go through one of these, so two SIGKILL faults that land together cannot start
// two replacement cores at once (the first of which nobody would ever stop).
export type Serial = <T>(task: () => Promise<T>) => Promise<T>;

export function serial(): Serial {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
