// Formatting of the bench's figures: plain text for stdout, one block per benchmark.

const GIB = 1024 ** 3;

/** A number with `digits` decimals and thousands separators. */
export function formatNumber(value, digits) {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** The machine, as the bench's first lines. */
export function formatMachine(machine, runs) {
  const limit = machine.openFileLimit === null ? 'unknown' : String(machine.openFileLimit);
  return [
    `poll-vs-push bench: ${runs} run${runs === 1 ? '' : 's'} of each measurement; figures are median (min–max)`,
    `machine: ${machine.cpuModel}, ${machine.cores} cores, ${(machine.totalMemoryBytes / GIB).toFixed(1)} GiB RAM`,
    `         Node ${machine.node}, ${machine.os}, open-file limit ${limit}`,
  ].join('\n');
}

/** Whether `ratio` meets `target` ({ op, value }); null when there is no target. */
export function targetMet(ratio, target) {
  if (!target) return null;
  return target.op === '<=' ? ratio <= target.value : ratio >= target.value;
}

const figure = (s, digits, unit) =>
  `${formatNumber(s.median, digits)} ${unit}`.padEnd(20) +
  `(${formatNumber(s.min, digits)}–${formatNumber(s.max, digits)})`;

const verdict = (entry, met) =>
  entry.target
    ? `target ${entry.target.on === 'subject' ? 'for the first figure: ' : ''}` +
      `${entry.target.op.replace('<=', '≤').replace('>=', '≥')} ${entry.target.value}` +
      `${entry.target.on === 'subject' ? ` ${entry.unit}` : ''}: ${met ? 'met' : 'MISSED'}`
    : 'no fixed target';

const ratioLine = (measured) =>
  `${formatNumber(measured.ratio.value, 2)}`.padEnd(20) +
  `(per run ${formatNumber(measured.ratio.min, 2)}–${formatNumber(measured.ratio.max, 2)})`;

/** One benchmark's block: subject (and variants), reference, ratio, target and verdict, notes. */
export function formatBenchmark(index, entry) {
  const lines = [`${index}. ${entry.title}`];
  if (entry.error) {
    lines.push(`   CRASHED: ${entry.error}`);
  } else {
    const subjects = [entry, ...(entry.variants ?? [])];
    const labels = [...subjects.flatMap((m) => [m.subject.label, m.ratio.label]), entry.reference.label];
    const width = Math.max(...labels.map((l) => l.length)) + 2;
    for (const m of subjects)
      lines.push(`   ${m.subject.label.padEnd(width)}${figure(m.subject, entry.digits, entry.unit)}`);
    lines.push(`   ${entry.reference.label.padEnd(width)}${figure(entry.reference, entry.digits, entry.unit)}`);
    for (const [i, m] of subjects.entries()) {
      lines.push(
        `   ${m.ratio.label.padEnd(width)}${ratioLine(m)}  ${verdict(entry, m.met)}${i > 0 ? ' (variant, not counted)' : ''}`,
      );
    }
  }
  for (const note of entry.notes) lines.push(`   note: ${note}`);
  return lines.join('\n');
}
