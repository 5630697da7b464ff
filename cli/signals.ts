/** Waiting for SIGINT / SIGTERM in long-running commands (`run`, `sandbox`). */

/** Resolves with the first SIGINT or SIGTERM; the handlers are removed afterwards. */
export function nextStopSignal(): { signal: Promise<NodeJS.Signals>; cancel(): void } {
  let cancel = () => {};
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    const on = (s: NodeJS.Signals) => {
      cancel();
      resolve(s);
    };
    const onInt = () => on('SIGINT');
    const onTerm = () => on('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    cancel = () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    };
  });
  return { signal, cancel };
}
