// The classroom page's script, as text the server sends inside GET /. It runs every transport in
// the browser itself against the server that served it (or `?server=URL`), relates the browser's
// clock to the server's, and shows what arrives and what the server counted of this browser.
export const PAGE_SCRIPT = String.raw`
const params = new URLSearchParams(location.search);
const base = (params.get('server') || location.origin).replace(/\/$/, '');
const client = Math.random().toString(36).slice(2, 12);
const q = (path, extra = '') => base + path + (path.includes('?') ? '&' : '?') + 'client=' + client + extra;
const WINDOW_MS = 10000;
const lanes = {};
let offsetMs = null; let uncertaintyMs = null; let head = 0; let startHead = 0; let stats = null;

function lane(id, label) {
  const section = document.createElement('section');
  section.dataset.transport = id;
  section.innerHTML = '<h2>' + label + ' <b class="p50"></b></h2><div class="lane"></div>' +
    '<p class="figures"></p><p class="server"></p>';
  document.getElementById('lanes').append(section);
  lanes[id] = { id, section, seen: new Set(), lastSeq: startHead, requests: 0, empty: 0, reconnects: 0 };
  lanes[id].latencies = [];
  lanes[id].arrivals = [];
  return lanes[id];
}

const nowMs = () => performance.timeOrigin + performance.now();
// One arrival is one dot: a pushed event, or a poll's answer with every event it carried (n of them).
function arrive(l, n) {
  if (n > 0) l.arrivals.push({ t: nowMs(), n });
}
function deliver(l, text, batched) {
  let event;
  try { event = JSON.parse(text); } catch { return 0; }
  if (typeof event !== 'object' || event === null) return 0;
  if (typeof event.seq !== 'number' || typeof event.t !== 'string') return 0;
  const received = nowMs();
  // Only what was published since this page opened counts: the server's older events are not its.
  if (event.seq <= startHead || l.seen.has(event.seq)) return 0;
  l.seen.add(event.seq);
  if (event.seq > l.lastSeq) l.lastSeq = event.seq;
  if (!batched) arrive(l, 1);
  // Latency on the server's clock: this browser's reading, moved by the measured offset.
  if (offsetMs !== null) l.latencies.push(received + offsetMs - Number(BigInt(event.t) / 1000n) / 1000);
  if (l.latencies.length > 5000) l.latencies.splice(0, l.latencies.length - 5000);
  return 1;
}
function deliverArray(l, body) {
  const events = JSON.parse(body);
  if (events.length === 0) l.empty += 1;
  let fresh = 0;
  for (const e of events) fresh += deliver(l, JSON.stringify(e), true);
  arrive(l, fresh);
  return events.length;
}
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

async function syncClock() {
  // NTP-style: the sample with the shortest round trip bounds the offset best (± half of it).
  let best = null;
  for (let i = 0; i < 8; i++) {
    const t0 = nowMs();
    const body = await (await fetch(q('/time'))).json();
    const t1 = nowMs();
    const serverMs = Number(BigInt(body.t) / 1000n) / 1000;
    const sample = { rtt: t1 - t0, offset: serverMs - (t0 + t1) / 2 };
    if (!best || sample.rtt < best.rtt) best = sample;
  }
  offsetMs = best.offset; uncertaintyMs = best.rtt / 2;
}

async function shortPoll(l) {
  for (;;) {
    l.requests += 1;
    try { deliverArray(l, await (await fetch(q('/poll?since=' + l.lastSeq))).text()); } catch { l.reconnects += 1; }
    await pause(1000);
  }
}
async function longPoll(l) {
  for (;;) {
    l.requests += 1;
    try {
      deliverArray(l, await (await fetch(q('/long-poll?since=' + l.lastSeq + '&timeout=25000'))).text());
    } catch { l.reconnects += 1; await pause(500); }
  }
}
function sse(l) {
  // EventSource reconnects by itself, with Last-Event-ID.
  const source = new EventSource(q('/sse?since=' + startHead));
  l.requests += 1;
  source.onmessage = (m) => deliver(l, m.data);
  source.onerror = () => { l.reconnects += 1; l.requests += 1; };
}
function ws(l) {
  const open = () => {
    const socket = new WebSocket(q('/ws?since=' + l.lastSeq).replace(/^http/, 'ws'));
    l.requests += 1;
    socket.onmessage = (m) => deliver(l, m.data);
    socket.onclose = () => { l.reconnects += 1; setTimeout(open, 500); };
  };
  open();
}
function socketio(l) {
  if (typeof io !== 'function') {
    l.section.querySelector('.figures').textContent = 'Socket.IO client not loaded';
    return;
  }
  const socket = io(base, { query: { client }, auth: (cb) => cb({ since: l.lastSeq }) });
  l.requests += 1;
  socket.on('message', (value) => deliver(l, typeof value === 'string' ? value : JSON.stringify(value)));
  socket.on('disconnect', () => { l.reconnects += 1; });
}

const pct = (values, p) => {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (v) => (v === null ? '–' : v.toFixed(v < 10 ? 2 : 1));

function draw() {
  const now = nowMs();
  // Published, from one source for every lane: the server's head, or an event a lane already has (the stats poll
  // lags a second), so a lane never shows more delivered than published.
  const published = Math.max(head, ...Object.values(lanes).map((l) => l.lastSeq)) - startHead;
  for (const l of Object.values(lanes)) {
    l.arrivals = l.arrivals.filter((a) => now - a.t <= WINDOW_MS);
    const p50 = pct(l.latencies, 50); const p99 = pct(l.latencies, 99);
    const s = l.section.dataset;
    s.delivered = String(l.seen.size); s.published = String(published); s.requests = String(l.requests);
    s.empty = String(l.empty); s.reconnects = String(l.reconnects);
    if (p50 !== null) { s.p50Ms = p50.toFixed(3); s.p99Ms = p99.toFixed(3); }
    const left = (t) => (100 - ((now - t) / WINDOW_MS) * 100).toFixed(2);
    // A poll that brought several events is one bigger dot that says how many.
    const dots = l.arrivals.map((a) =>
      a.n > 1 ? '<i class="many" style="left:' + left(a.t) + '%">' + a.n + '</i>' : '<i style="left:' + left(a.t) + '%"></i>');
    l.section.querySelector('.lane').innerHTML = dots.join('');
    l.section.querySelector('.p50').textContent = p50 === null ? '' : 'median ' + ms(p50) + ' ms';
    l.section.querySelector('.figures').textContent =
      'delivered ' + l.seen.size + ' of ' + published + ' published' +
      ' · requests ' + l.requests + ' · empty ' + l.empty +
      ' · reconnects ' + l.reconnects + ' · p99 ' + ms(p99) + ' ms';
    const mine = stats && stats.browsers && stats.browsers[client] && stats.browsers[client][l.id];
    if (mine) {
      s.requestHeadBytes = String(mine.requestHeadBytes);
      const requestHead = (mine.requestHeadBytes / mine.requests).toFixed(0);
      const responseHead = (mine.responseHeadBytes / Math.max(1, mine.requests)).toFixed(0);
      const profileBytes = (stats.browserProfileHeaderLineBytes || {})[l.id];
      // The whitepaper's 871 B is said once, above the lanes; each lane gives its own counts.
      l.section.querySelector('.server').textContent =
        'the server saw ' + mine.requests + ' request' + (mine.requests === 1 ? '' : 's') + ': ' + requestHead +
        ' B of request head each' + (Number(responseHead) > 0 ? ', ' + responseHead + ' B of response head' : '') +
        ' (the tool\'s browser profile: ' + profileBytes + ' B)';
    }
  }
  document.getElementById('clock').textContent = offsetMs === null ? 'relating the clocks…' :
    'latency on the server\'s clock, ± ' + uncertaintyMs.toFixed(2) + ' ms (half the best /time round trip)';
  document.getElementById('browsers').textContent = stats ? stats.connected + ' browser(s) connected' : '';
}

async function refresh() {
  try {
    stats = await (await fetch(q('/stats'))).json();
    head = stats.head;
    showRate(stats.ratePerSec);
  } catch { /* the server may be restarting: the next refresh tries again */ }
}

/** The teacher's box shows the rate the server publishes at now, unless the teacher is typing a new one. */
function showRate(ratePerSec) {
  const input = document.getElementById('per-sec');
  document.getElementById('server-rate').textContent = ratePerSec === null || ratePerSec === undefined ? '' :
    ratePerSec > 0 ? 'now ' + ratePerSec + ' events/s' : 'now: only on request';
  if (ratePerSec > 0 && document.activeElement !== input) input.value = String(ratePerSec);
}

async function teacher(path) {
  const token = document.getElementById('token').value;
  const headers = token ? { authorization: 'Bearer ' + token } : {};
  const response = await fetch(base + path, { method: 'POST', headers });
  document.getElementById('teacher-said').textContent =
    response.ok ? 'done' : response.status === 401 ? 'refused (401): the token is needed' :
    'refused (' + response.status + ')';
  if (response.ok) await refresh();
}
document.getElementById('publish').onclick = () => teacher('/publish');
document.getElementById('rate').onclick = () =>
  teacher('/rate?per_sec=' + encodeURIComponent(document.getElementById('per-sec').value));

/** The Socket.IO client, from the server this page measures (no CDN); resolves either way. */
const socketIoLoaded = new Promise((resolve) => {
  const script = document.createElement('script');
  script.src = base + '/socket.io.min.js';
  script.onload = resolve; script.onerror = resolve;
  document.head.append(script);
});

(async () => {
  await refresh();
  startHead = head;
  await syncClock();
  await socketIoLoaded;
  shortPoll(lane('poll', 'Short poll (fetch every 1 s)'));
  longPoll(lane('long-poll', 'Long poll (fetch, held)'));
  sse(lane('sse', 'SSE (EventSource)'));
  ws(lane('ws', 'WebSocket'));
  socketio(lane('socketio', 'Socket.IO'));
  setInterval(refresh, 1000);
  setInterval(draw, 250);
})();
`;
