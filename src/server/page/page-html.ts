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
body{font-family:system-ui,sans-serif;margin:1.5rem auto;max-width:960px;padding:0 1rem;color:#222}
section{margin:1rem 0;padding:.5rem .75rem;border:1px solid #ddd;border-radius:6px}
h2{font-size:1rem;margin:.2rem 0}
.lane{position:relative;height:18px;background:#f4f4f4;border-radius:3px;overflow:hidden}
.lane i{position:absolute;top:4px;width:10px;height:10px;margin-left:-5px;border-radius:50%;background:#00798c}
.figures,.server,#clock,#browsers{font-size:.9rem;margin:.3rem 0}.server{color:#555}
fieldset{margin-top:1.5rem;border:1px solid #ddd;border-radius:6px}
${LANE_COLOURS}
</style></head>
<body>
<h1>Your browser, every transport</h1>
<p>This page polls, long-polls, listens with EventSource, a WebSocket and Socket.IO, all against the
same events from the server that served it. Each dot is an event reaching this browser, over the last 10 seconds.</p>
<p id="clock"></p><p id="browsers"></p>
<div id="lanes"></div>
<fieldset><legend>Teacher</legend>
<label>token <input id="token" type="password" autocomplete="off"></label>
<button id="publish">publish one event now</button>
<label>events/s <input id="per-sec" type="number" min="0.1" step="0.5" value="2" style="width:5em"></label>
<button id="rate">set the rate</button> <span id="teacher-said"></span>
</fieldset>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
