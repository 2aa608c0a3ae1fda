import { TRANSPORTS, TRANSPORT_SPECS } from '../../shared/transports.js';
import { PAGE_SCRIPT } from './page-script.js';

/** Each lane in its transport's colour (the registry's, as the terminal and the report draw it). */
const LANE_COLOURS = TRANSPORTS.map((t) => {
  const color = TRANSPORT_SPECS[t].color;
  return `section[data-transport="${t}"]{border-left:6px solid ${color}}section[data-transport="${t}"] .lane i{background:${color}}`;
}).join('\n');

/** The classroom page `serve` answers GET / with: everything it needs is in it or served beside it. */
export const PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>poll-vs-push: your browser, every transport</title>
<style>
body{font-family:system-ui,sans-serif;margin:.75rem auto;max-width:1200px;padding:0 1rem;color:#111;font-size:17px}
h1{font-size:1.5rem;margin:.2rem 0}
section{margin:.45rem 0;padding:.3rem .75rem;border:1px solid #ccc;border-radius:6px}
h2{font-size:1.1rem;margin:.1rem 0;display:flex;justify-content:space-between}
.p50{font-size:1.35rem}
.lane{position:relative;height:22px;background:#f0f0f0;border-radius:3px;overflow:hidden}
.lane i{position:absolute;top:5px;width:12px;height:12px;margin-left:-6px;border-radius:50%;background:#444}
.lane i.many{top:1px;width:20px;height:20px;margin-left:-10px;color:#fff;font:bold 12px/20px system-ui;text-align:center;
font-style:normal}
.figures,.server,.status,.intro{font-size:.95rem;margin:.15rem 0}.server{color:#444}
fieldset{margin:.3rem 0;border:1px solid #ccc;border-radius:6px;padding:.3rem .75rem}
${LANE_COLOURS}
</style></head>
<body>
<h1>Your browser, every transport</h1>
<p class="intro">This browser polls, long-polls, listens with EventSource, a WebSocket and Socket.IO, all on the same
events. A dot is an arrival in the last 10 seconds; a poll that brought several events is one dot with their number.
Headers: the whitepaper counted 871 B for one request and its response; each lane says what the server saw.</p>
<fieldset><legend>Teacher</legend>
<label>token <input id="token" type="password" autocomplete="off"></label>
<button id="publish">publish one event now</button>
<label>events/s <input id="per-sec" type="number" min="0.1" step="0.5" value="2" style="width:5em"></label>
<button id="rate">set the rate</button> <span id="server-rate"></span> <span id="teacher-said"></span>
</fieldset>
<p class="status"><span id="clock"></span> · <span id="browsers"></span></p>
<div id="lanes"></div>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
