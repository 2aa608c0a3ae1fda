/**
 * Bytes TLS wraps around each write it sends as one record, by version and cipher suite: the
 * 5-byte record header, plus under TLS 1.3 the inner content-type byte and the AEAD tag (16 B for
 * every suite but CCM_8's 8), under TLS 1.2 the explicit nonce (8 B for AES-GCM and CCM) and the
 * tag. `cipher` is what the run recorded, e.g. `TLSv1.3 TLS_AES_256_GCM_SHA384`. Null when unknown.
 */
export function tlsRecordOverhead(cipher: string): number | null {
  const tag = /CCM_8/.test(cipher) ? 8 : 16;
  if (cipher.startsWith('TLSv1.3')) return 5 + 1 + tag;
  if (cipher.startsWith('TLSv1.2')) {
    if (/CHACHA20/.test(cipher)) return 5 + 16;
    if (/GCM|CCM/.test(cipher)) return 5 + 8 + tag;
  }
  return null;
}
