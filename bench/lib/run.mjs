// Pieces every benchmark script shares around its work: cleaning up whatever way it ends,
// and printing its table.

/**
 * A stack of cleanups (stop the service, drop the scratch database, remove temp files), run
 * newest first, once however many paths ask (a signal, the watchdog, main's `finally`), so
 * that none exits while another is still cleaning. A failing cleanup is reported and the
 * rest still run. `before` runs first (e.g. stop a running child).
 */
export function cleanupStack(before = async () => {}) {
  const cleanups = [];
  let cleaning;
  return {
    push: (fn) => cleanups.push(fn),
    run: () => {
      cleaning ??= (async () => {
        await before();
        while (cleanups.length > 0) {
          try {
            await cleanups.pop()();
          } catch (err) {
            process.stderr.write(`cleanup: ${err instanceof Error ? err.message : String(err)}\n`);
          }
        }
      })();
      return cleaning;
    },
  };
}

/**
 * Whatever happens — a signal, a hang past `budgetMs` — `cleanup` runs and the process exits
 * (130 on a signal, 1 on the watchdog). A terminal's Ctrl-C reaches a benchmark twice
 * (directly and forwarded by run.mjs); the second is ignored.
 */
export function stopOnSignalOrTimeout(cleanup, budgetMs) {
  let stopping = false;
  const stop = (code, message) => {
    if (stopping) return;
    stopping = true;
    if (message) process.stderr.write(message);
    cleanup().finally(() => process.exit(code));
  };
  process.on('SIGINT', () => stop(130));
  process.on('SIGTERM', () => stop(130));
  setTimeout(() => stop(1, `benchmark exceeded ${budgetMs / 1000} s; stopping\n`), budgetMs).unref();
}

/** A plain-text table: columns in `leftAligned` padded on the right, the others on the left. */
export function printTable(header, lines, leftAligned = [0]) {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) =>
    cells
      .map((c, i) => (leftAligned.includes(i) ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${fmt(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const l of lines) process.stdout.write(`${fmt(l)}\n`);
}
