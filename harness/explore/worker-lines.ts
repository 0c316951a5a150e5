// Lines out of a stream of text chunks (a child's stdout, where each message is a line). A part is
// one line of megabytes after a long --time: its chunks are joined once its end arrives, never
// rescanned from the start on every chunk.
export function lineSplitter(onLine: (line: string) => void): (chunk: string) => void {
  let pending: string[] = [];
  return (chunk) => {
    let rest = chunk;
    for (let nl = rest.indexOf('\n'); nl >= 0; nl = rest.indexOf('\n')) {
      const line = pending.join('') + rest.slice(0, nl);
      pending = [];
      rest = rest.slice(nl + 1);
      onLine(line);
    }
    if (rest) pending.push(rest);
  };
}
