import type { PhaseProgress } from '../shared/run-types.js';
import { TRANSPORT_LABELS } from '../shared/transports.js';
import { formatInteger, formatSpan } from './format.js';

const BAR_WIDTH = 20;

/** One progress line for stderr: which phase, how far, how much has arrived. Pure. */
export function renderProgress(progress: PhaseProgress, index: number, total: number): string {
  const label = `[${index + 1}/${total}] ${TRANSPORT_LABELS[progress.transport].padEnd(10)}`;
  if (progress.stage === 'connecting' && progress.clientsReady === 0) {
    return (
      `${label} starting ${formatInteger(progress.clients)} clients for ` +
      `${(progress.durationMs / 1000).toFixed(1)}s`
    );
  }
  if (progress.stage === 'connecting') {
    return `${label} connecting ${formatInteger(progress.clientsReady)}/${formatInteger(progress.clients)} clients`;
  }
  if (progress.stage === 'done') {
    const connected =
      progress.connectMs === undefined ? '' : ` (clients connected in ${formatSpan(progress.connectMs)})`;
    return (
      `${label} done in ${(progress.elapsedMs / 1000).toFixed(1)}s: ` +
      `${formatInteger(progress.delivered)}/${formatInteger(progress.expected)} delivered${connected}`
    );
  }
  const share = Math.min(1, progress.elapsedMs / progress.durationMs);
  const filled = Math.round(share * BAR_WIDTH);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
  const time = `${(progress.elapsedMs / 1000).toFixed(1)}s/${(progress.durationMs / 1000).toFixed(1)}s`;
  const delivered = `${formatInteger(progress.delivered)}/${formatInteger(progress.expected)} delivered`;
  return `${label} ${bar} ${time}  ${delivered}${progress.stage === 'running' ? '' : `  (${progress.stage})`}`;
}
