// The modern wire's types: how clients speak to a server (TLS trust, HTTP/2), and what a run
// records of what its connections spoke.

/** How clients speak to the server: TLS trust and the HTTP version of the HTTP transports. */
export interface ClientWire {
  /** The one certificate (PEM) an `https:`/`wss:` server is trusted by: the run's own; the system's when absent. */
  ca?: string;
  /** Accept any certificate (`--insecure`: a target's self-signed one). */
  insecure?: boolean;
  /** Speak HTTP/2 on the HTTP transports (h2 by ALPN over TLS, h2c by prior knowledge in cleartext). */
  http2?: boolean;
  /**
   * The source address to connect from (a client process's own loopback address, so ephemeral ports do not run out).
   */
  localAddress?: string;
}

/** What the clients' connections spoke, and what TLS added on them. */
export interface WireResult {
  /** Connections by the protocol they spoke: `h2` (over TLS), `h2c` (cleartext), `http/1.1`. */
  protocols: Record<string, number>;
  /** Present when the connections ran TLS. */
  tls?: {
    /** TLS version and cipher suite, e.g. `TLSv1.3 TLS_AES_256_GCM_SHA384`. */
    cipher: string;
    connections: number;
    /** Bytes above TLS on the clients' connections, both ways: the TCP bytes less this are what TLS added. */
    plaintext: number;
    /**
     * TCP bytes of one connection that only shook hands and took its session tickets (measured on a probe); null when
     * it failed.
     */
    handshakePerConnection: number | null;
  };
}
