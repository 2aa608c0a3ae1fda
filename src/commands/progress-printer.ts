import { renderProgress } from '../report/progress.js';
import type { PhaseProgress } from '../shared/run-types.js';
import type { CliIo } from './io.js';

/** A run's progress view: `update` on every phase progress, `done` once to clear a redrawn line. */
export interface ProgressPrinter {
  update: (progress: PhaseProgress, index: number, total: number) => void;
  done: () => void;
}

/** Shows progress on stderr: one redrawn line on a terminal, two lines a phase otherwise. */
export function progressPrinter(io: CliIo, quiet: boolean): ProgressPrinter {
  const live = Boolean(io.stderr.isTTY) && io.env.TERM !== 'dumb';
  // Each transport's start is told once, whether transports run in turn or (--parallel) at once.
  const started = new Set<number>();
  let drawn = false;
  return {
    update: (progress, index, total) => {
      if (quiet) return;
      const line = renderProgress(progress, index, total);
      if (live) {
        io.stderr.write(`\r\u001b[2K${line}`);
        drawn = true;
      } else if (progress.stage === 'done') {
        io.stderr.write(`${line}\n`);
      } else if (!started.has(index) && progress.stage === 'connecting') {
        started.add(index);
        io.stderr.write(`${line}\n`);
      }
    },
    done: () => {
      if (drawn) io.stderr.write('\r\u001b[2K');
    },
  };
}
