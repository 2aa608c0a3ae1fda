import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { generate } from 'selfsigned';

/** The certificate a `--tls` run serves: made for the run, held in memory, never written. */
export interface RunCertificate {
  /** PEM private key; it stays in the server process. */
  key: string;
  /** PEM certificate: what clients trust, and only this. */
  cert: string;
  /** SHA-256 fingerprint, as `openssl x509 -fingerprint -sha256` prints it. */
  fingerprint256: string;
}

/**
 * A self-signed ECDSA P-256 certificate (signed with SHA-256) for `host` and the loopback names, valid for a day
 * (from an hour ago, for clocks a little behind). P-256 keeps the handshake as small as most
 * sites' today; generating it takes a few milliseconds.
 */
export async function runCertificate(host: string): Promise<RunCertificate> {
  const names = new Set(['127.0.0.1', '::1', 'localhost', host.replace(/^\[(.*)\]$/, '$1')]);
  const altNames = [...names]
    .filter((name) => name !== '' && name !== '0.0.0.0' && name !== '::')
    .map((name) => (isIP(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name }));
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: 'poll-vs-push' }], {
    keyType: 'ec',
    curve: 'P-256',
    // selfsigned signs with SHA-1 unless told; OpenSSL 3 refuses that at its default security level.
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 3_600_000),
    notAfterDate: new Date(now + 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { key: pems.private, cert: pems.cert, fingerprint256: new X509Certificate(pems.cert).fingerprint256 };
}
