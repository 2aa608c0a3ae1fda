// npm run bench: the machine, then each benchmark's median and spread beside a reference
// measured in the same run, and their ratio against the target. Progress goes to stderr,
// figures to stdout. Exit 0 even when a target is missed; 1 only when a benchmark crashed.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import floor from './benchmarks/measurement-floor.mjs';
import polling from './benchmarks/polling-load.mjs';
import fanOut from './benchmarks/fan-out.mjs';
import memory from './benchmarks/memory.mjs';
import liveFrame from './benchmarks/live-frame.mjs';
import { killAllChildren } from './lib/children.mjs';
import { describeMachine } from './lib/machine.mjs';
import { formatBenchmark, formatMachine, formatNumber, targetMet } from './lib/report.mjs';
import { median, spread } from './lib/stats.mjs';

const BENCHMARKS = [floor, polling, fanOut, memory, liveFrame];
const USAGE = `usage: node bench/run.mjs [--runs N] [--json FILE] [--only ${BENCHMARKS.map((b) => b.id).join(',')}]`;

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '3' },
      json: { type: 'string' },
      only: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50)
    throw new Error(`--runs: expected a whole number from 1 to 50, got ${values.runs}`);
  const ids = values.only?.split(',').map((id) => id.trim()) ?? BENCHMARKS.map((b) => b.id);
  const unknown = ids.filter((id) => !BENCHMARKS.some((b) => b.id === id));
  if (unknown.length > 0) throw new Error(`--only: unknown benchmark ${unknown.join(', ')}`);
  return { runs, json: values.json, benchmarks: BENCHMARKS.filter((b) => ids.includes(b.id)) };
}

const progress = (line) => process.stderr.write(`${line}\n`);

/**
 * Runs one benchmark `runs` times and gathers its entry. Each run measures the counted pair back
 * to back, on as nearly the same machine as a shared one allows, subject first in odd runs and
 * reference first in even ones (so a machine that speeds up or slows down favours neither side),
 * then any variants.
 */
async function runBenchmark(bench, runs, index) {
  const subject = { label: bench.subjectLabel, run: () => bench.subject(), results: [] };
  const reference = { label: bench.referenceLabel, run: () => bench.reference(), results: [] };
  const variantSides = (bench.variants ?? []).map((variant) => ({ ...variant, results: [] }));
  const notes = new Set(bench.notes ?? []);
  if (bench.warmup) {
    // Untimed, once, both sides alike: the runs then measure each side's steady pace, not its start-up.
    progress(`[${index}. ${bench.id}] warming up: ${bench.warmup.label}…`);
    await bench.warmup.run();
  }
  for (let run = 1; run <= runs; run++) {
    const tag = `[${index}. ${bench.id} ${run}/${runs}]`;
    const pair = run % 2 === 1 ? [subject, reference] : [reference, subject];
    for (const side of [...pair, ...variantSides]) {
      progress(`${tag} ${side.label}…`);
      const result = await side.run();
      side.results.push(result);
      if (result.note) notes.add(`${side.label}, run ${run}: ${result.note}`);
      progress(`${tag} ${side.label}: ${formatNumber(result.value, bench.digits)} ${bench.unit}`);
    }
  }
  const referenceValues = reference.results.map((r) => r.value);
  const measured = (side) => {
    const values = side.results.map((r) => r.value);
    const perRun = values.map((value, i) => value / referenceValues[i]);
    const ratio = median(values) / median(referenceValues);
    return {
      subject: { label: side.label, ...spread(values) },
      ratio: {
        label: side.ratioLabel ?? bench.ratioLabel,
        value: ratio,
        perRun,
        min: Math.min(...perRun),
        max: Math.max(...perRun),
      },
      // A target on the subject (a lateness in ms) is met by its median; any other by the ratio.
      met: targetMet(bench.target?.on === 'subject' ? median(values) : ratio, bench.target),
    };
  };
  const primary = measured(subject);
  const variants = variantSides.map(measured);
  const details = {
    subject: subject.results,
    ...Object.fromEntries(variantSides.map((side) => [side.label, side.results])),
    reference: reference.results,
  };
  for (const note of bench.explain?.(details) ?? []) notes.add(note);
  return {
    id: bench.id,
    title: bench.title,
    unit: bench.unit,
    digits: bench.digits,
    ...primary,
    reference: { label: bench.referenceLabel, ...spread(referenceValues) },
    target: bench.target,
    ...(variants.length > 0 ? { variants } : {}),
    notes: [...notes],
    details,
  };
}

async function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  const machine = describeMachine();
  process.stdout.write(`${formatMachine(machine, options.runs)}\n`);
  const entries = [];
  for (const bench of options.benchmarks) {
    const index = BENCHMARKS.indexOf(bench) + 1;
    let entry;
    try {
      entry = await runBenchmark(bench, options.runs, index);
    } catch (error) {
      progress(`[${index}. ${bench.id}] crashed: ${error.stack ?? error}`);
      entry = { id: bench.id, title: bench.title, error: error.message ?? String(error), notes: [] };
    }
    entries.push(entry);
    process.stdout.write(`\n${formatBenchmark(index, entry)}\n`);
    // A crashed benchmark may leave a child behind; the next one starts on a quiet machine.
    killAllChildren();
  }
  const targets = entries.filter((e) => e.met !== undefined && e.met !== null);
  const crashed = entries.filter((e) => e.error);
  process.stdout.write(
    `\ntargets met: ${targets.filter((e) => e.met).length} of ${targets.length}` +
      (crashed.length > 0 ? `; ${crashed.length} benchmark(s) crashed` : '') +
      '\n',
  );
  if (options.json) {
    const saved = {
      schemaVersion: 1,
      startedAt: new Date().toISOString(),
      runs: options.runs,
      machine,
      benchmarks: entries,
    };
    writeFileSync(options.json, `${JSON.stringify(saved, null, 2)}\n`);
    progress(`figures saved to ${options.json}`);
  }
  return crashed.length > 0 ? 1 : 0;
}

// Whatever happens, no child outlives the bench.
process.on('exit', killAllChildren);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}

const code = await main();
killAllChildren();
process.exitCode = code;
