// ledgerd's dashboard: three pages over the /v1 API (docs/api.md), routed
// by the URL's hash. #/ the ledgers, #/ledger/NAME one ledger, live,
// #/compare?names=a,b curves side by side. Charts are uPlot's, served by
// ledgerd itself (docs/dashboard.md); nothing is fetched from elsewhere.
'use strict';

const main = document.getElementById('main');
const keyInput = document.getElementById('api-key');
keyInput.value = sessionStorage.getItem('apiKey') || '';
keyInput.addEventListener('change', () => {
  sessionStorage.setItem('apiKey', keyInput.value);
  route();
});

let leave = () => {}; // stops the page being left: streams and timers

async function api(path) {
  const headers = keyInput.value ? { 'X-API-Key': keyInput.value } : {};
  const r = await fetch(path, { headers });
  const body = await r.json();
  if (!r.ok) throw new Error(body.error ? body.error.message : r.statusText);
  return body;
}

const enc = encodeURIComponent;
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v));
  children.forEach(c => e.append(c));
  return e;
};
const seconds = t => Date.parse(t) / 1000;
const fmt = (x, digits = 2) =>
  x === null || x === undefined ? '–' : Number(x).toFixed(digits);
const pct = x => (x === null || x === undefined ? '–' : fmt(100 * x) + ' %');

// Every point of a ledger's value series after tick `after`, page by page.
async function history(name, after = 0, pages = 20) {
  const points = [];
  for (let i = 0; i < pages && after !== null; ++i) {
    const page = await api(`/v1/ledgers/${enc(name)}/history?limit=1000&after=${after}`);
    points.push(...page.points);
    after = page.next;
  }
  return points;
}

function line(container, opts, data) {
  const width = Math.max(240, container.clientWidth - 20);
  return new uPlot(Object.assign({ width, height: 280 }, opts), data, container);
}

// -- #/ ---------------------------------------------------------------------

async function listPage() {
  const { ledgers } = await api('/v1/ledgers?limit=1000');
  const rows = ledgers.map(l => {
    const ret = l.value === null ? null : l.value / l.initial_balance - 1;
    const spark = el('td', { class: 'spark' });
    const tr = el('tr', { 'data-ledger': l.name },
      el('td', {}, el('a', { href: `#/ledger/${enc(l.name)}` }, l.name)),
      el('td', {}, l.status), el('td', { class: 'num' }, fmt(l.value)),
      el('td', { class: 'num ' + (ret >= 0 ? 'up' : 'down') }, pct(ret)),
      el('td', { class: 'num' }, String(l.last_tick)), spark);
    sparkline(spark, l);
    return tr;
  });
  main.replaceChildren(el('h1', {}, `${ledgers.length} ledgers`),
    el('table', { id: 'ledgers' },
      el('tr', {}, ...['name', 'status', 'value', 'return', 'ticks', ''].map(h => el('th', {}, h))),
      ...rows));
  const timer = setTimeout(route, 5000);
  leave = () => clearTimeout(timer);
}

// About 60 buckets over the ledger's whole life, downsampled by the server.
async function sparkline(cell, ledger) {
  const span = Date.now() / 1000 - seconds(ledger.first_started || ledger.created_at);
  const step = Math.max(1, Math.ceil(span / 60));
  const { buckets: points } = await api(
    `/v1/ledgers/${enc(ledger.name)}/history?step=${step}s&limit=100`);
  if (points.length < 2) return;
  new uPlot({ width: 140, height: 32, legend: { show: false }, cursor: { show: false },
    axes: [{ show: false }, { show: false }], scales: { x: { time: false } },
    series: [{}, { stroke: '#3366cc', width: 1 }] },
    [points.map((_, i) => i), points.map(p => p.value)], cell);
}

// -- #/ledger/NAME ----------------------------------------------------------

function equity(points, fills) {
  const x = [], value = [], peak = [], trades = [];
  const fillTicks = new Set(fills.map(f => f.tick));
  let high = -Infinity;
  for (const p of points) {
    high = Math.max(high, p.value);
    x.push(seconds(p.time)); value.push(p.value); peak.push(high);
    trades.push(fillTicks.has(p.tick) ? p.value : null);
  }
  return [x, value, peak, trades];
}

async function ledgerPage(name) {
  const [info, stats, trades] = await Promise.all([
    api(`/v1/ledgers/${enc(name)}`), api(`/v1/ledgers/${enc(name)}/stats`),
    api(`/v1/ledgers/${enc(name)}/trades?limit=1000`)]);
  const points = await history(name);
  const fills = trades.trades;
  const chart = el('div', { id: 'equity', 'data-points': String(points.length) });
  const holding = el('table', {}, ...Object.entries(info.holding).map(
    ([t, n]) => el('tr', {}, el('td', {}, t), el('td', { class: 'num' }, String(n)))));
  const rejections = el('table', { id: 'rejections' });
  main.replaceChildren(el('h1', {}, `${name} · ${info.status}`),
    el('div', { class: 'panel' }, el('h2', {}, 'Equity'), chart),
    el('div', { class: 'panels' },
      el('div', { class: 'panel' }, el('h2', {}, `Holdings · cash ${fmt(info.balance)}`), holding),
      el('div', { class: 'panel' }, el('h2', {}, 'Recent rejections'), rejections),
      el('div', { class: 'panel' }, el('h2', {}, 'Statistics'), statsTable(stats))));
  const plot = line(chart, {
    series: [{}, { label: 'value', stroke: '#3366cc', width: 2 },
      { label: 'peak', stroke: '#b3261e55', dash: [4, 4] },
      { label: 'trades', stroke: '#137333', paths: () => null,
        points: { show: true, size: 7, fill: '#137333' } }],
    bands: [{ series: [2, 1], fill: 'rgba(179,38,30,0.12)' }], // drawdown
  }, equity(points, fills));
  const seen = new Set(points.map(p => p.tick));
  const addPoint = (tick, time, value, filled) => {
    if (value === null || seen.has(tick)) return;
    seen.add(tick); points.push({ tick, time, value });
    if (filled) fills.push({ tick });
    plot.setData(equity(points, fills));
    chart.setAttribute('data-points', String(points.length));
  };
  const addRejections = list => list.forEach(r => rejections.prepend(
    el('tr', {}, el('td', {}, r.code), el('td', {}, r.message || ''))));
  leave = follow(name, event => {
    addPoint(event.tick, event.time, event.value, event.fills.length > 0);
    addRejections(event.rejections || []);
  }, async () => {
    const after = points.length ? points[points.length - 1].tick : 0;
    for (const p of await history(name, after, 1)) addPoint(p.tick, p.time, p.value, false);
  });
}

function statsTable(stats) {
  const rows = Object.entries(stats.statistics || {}).map(([k, v]) =>
    el('tr', {}, el('td', {}, k), el('td', { class: 'num' },
      typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(6) : String(v))));
  return el('table', { id: 'statistics' }, ...rows);
}

// Live ticks from the event stream; polls when the stream is refused (a
// server that needs a key for reads: EventSource cannot send headers).
function follow(name, onTick, poll) {
  let last = null, timer = null, source = null;
  const open = () => {
    const resume = last === null ? '' : `?last_event_id=${last}`;
    source = new EventSource(`/v1/ledgers/${enc(name)}/events${resume}`);
    source.addEventListener('tick', e => { last = e.lastEventId; onTick(JSON.parse(e.data)); });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED && !timer)
        timer = setInterval(() => poll().catch(() => {}), 2000);
    };
  };
  open();
  return () => { source.close(); clearInterval(timer); };
}

// -- #/compare?names=a,b ----------------------------------------------------

async function comparePage(query) {
  const names = (new URLSearchParams(query).get('names') || '').split(',').filter(Boolean);
  const input = el('input', { id: 'names', value: names.join(','), size: 50 });
  const form = el('form', {}, 'Ledgers ', input, ' ', el('button', {}, 'Compare'));
  form.addEventListener('submit', e => {
    e.preventDefault();
    location.hash = `#/compare?names=${input.value.replace(/\s+/g, '')}`;
  });
  main.replaceChildren(el('h1', {}, 'Compare'), form);
  if (names.length === 0) return;
  const [series, compared] = await Promise.all([
    Promise.all(names.map(n => history(n))),
    api(`/v1/compare?names=${names.map(enc).join(',')}`)]);
  // One time axis: every ledger's points, each curve growth of 1 from its start.
  const times = [...new Set(series.flat().map(p => seconds(p.time)))].sort((a, b) => a - b);
  const curves = series.map(points => {
    const at = new Map(points.map(p => [seconds(p.time), p.value / points[0].value]));
    return times.map(t => (at.has(t) ? at.get(t) : null));
  });
  const chart = el('div', { id: 'compare', 'data-series': String(names.length) });
  const colors = ['#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6'];
  const table = el('table', {}, el('tr', {}, el('th', {}, ''),
    ...compared.ledgers.map(l => el('th', {}, l.name))));
  for (const k of Object.keys(compared.ledgers[0].statistics))
    table.append(el('tr', {}, el('td', {}, k), ...compared.ledgers.map(l => {
      const v = l.statistics[k];
      return el('td', { class: 'num' }, typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(6) : String(v));
    })));
  main.append(el('div', { class: 'panel' }, chart), el('div', { class: 'panel' }, table));
  line(chart, { spanGaps: true, series: [{}, ...names.map((n, i) =>
    ({ label: n, stroke: colors[i % colors.length], width: 2, spanGaps: true }))] },
  [times, ...curves]);
}

// -- routing ----------------------------------------------------------------

async function route() {
  leave(); leave = () => {};
  const [path, query] = location.hash.slice(1).split('?');
  try {
    if (typeof uPlot === 'undefined')
      throw new Error('the chart library is not built into this ledgerd: run deploy/fetch-web.sh and rebuild');
    if (path.startsWith('/ledger/')) await ledgerPage(decodeURIComponent(path.slice(8)));
    else if (path === '/compare') await comparePage(query);
    else await listPage();
  } catch (e) {
    main.replaceChildren(el('p', { class: 'notice' }, String(e.message)));
  }
}

window.addEventListener('hashchange', route);
route();
