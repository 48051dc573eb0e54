// PipelineBuild pictures: draws the page from the JSON in #pb-data (report, compare, plots, ui).
// Charts are Vega-Lite specs rendered by vega-embed as SVG; the step graph is plain SVG.
'use strict';
(function () {
  const data = JSON.parse(document.getElementById('pb-data').textContent);
  const page = document.getElementById('page');
  const embedOptions = { renderer: 'svg', actions: false };

  // ---- small DOM helpers
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined) continue;
      if (key === 'class') node.className = value; else if (key.startsWith('on')) node.addEventListener(key.slice(2), value); else node.setAttribute(key, value);
    }
    for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
    return node;
  }
  const section = (title, id, ...children) => el('section', { id }, el('h2', null, title), ...children);
  const badge = (kind, text) => el('span', { class: `${kind} s-${text}` }, text);
  const seconds = ms => ms === undefined || ms === null ? '' : (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
  const number = v => typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(6).replace(/\.?0+$/, '')) : (v ?? '-');

  function table(headers, rows, options) {
    const numeric = (options && options.numeric) || [];
    const head = el('tr', null, headers.map((h, i) => el('th', { class: options && options.sortable ? 'sortable' : null, 'data-column': i }, h)));
    const body = el('tbody', null, rows.map(row => el('tr', row.attrs || null, row.cells.map((cell, i) => el('td', { class: numeric.includes(i) ? 'num' : null, 'data-value': row.values ? row.values[i] : null }, cell)))));
    const result = el('table', { class: options && options.class }, el('thead', null, head), body);
    if (options && options.sortable) makeSortable(result);
    return result;
  }

  // A click on a header sorts by that column (numbers as numbers); a second click reverses.
  function makeSortable(tableNode) {
    tableNode.querySelectorAll('th.sortable').forEach(th => th.addEventListener('click', () => {
      const column = Number(th.dataset.column);
      const descending = th.dataset.order !== 'desc' && th.dataset.order !== undefined ? true : th.dataset.order === 'asc';
      tableNode.querySelectorAll('th').forEach(h => delete h.dataset.order);
      th.dataset.order = descending ? 'desc' : 'asc';
      const body = tableNode.tBodies[0];
      const key = tr => { const td = tr.children[column]; const raw = td.dataset.value ?? td.textContent; const n = Number(raw); return raw !== '' && !Number.isNaN(n) ? n : raw; };
      const rows = [...body.rows].sort((a, b) => { const x = key(a), y = key(b); const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)); return descending ? -order : order; });
      rows.forEach(r => body.append(r));
    }));
  }

  function chart(container, spec) {
    const holder = el('div', { class: 'chart' });
    container.append(holder);
    vegaEmbed(holder, Object.assign({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json' }, spec), embedOptions)
      .catch(error => { holder.append(el('p', { class: 'missing' }, 'could not draw: ' + error.message)); console.error(error); });
    return holder;
  }

  // ---- report of one run
  function renderReport(report, root) {
    const run = report.run;
    root.append(el('h1', null, `${run.pipeline} · run ${run.id.slice(0, 12)} `, badge('status', run.status)));
    root.append(el('p', { class: 'meta' }, `started ${run.startedAt}`, run.durationMs !== undefined ? ` · ${seconds(run.durationMs)}` : '',
      run.git ? ` · ${run.git.branch || 'detached'} @ ${run.git.commit.slice(0, 10)}${run.git.dirty ? ' (dirty)' : ''}` : '', run.toolVersion ? ` · PipelineBuild ${run.toolVersion}` : ''));
    if (run.error) root.append(el('pre', { class: 'missing' }, run.error));

    const params = Object.entries(run.params || {});
    root.append(section('Params', 'params', params.length ? table(['param', 'value'], params.map(([k, v]) => ({ cells: [k, v] }))) : el('p', null, 'none')));

    const metricRows = [];
    for (const [file, metrics] of Object.entries(run.metrics || {})) {
      for (const [name, value] of Object.entries(metrics)) {
        const delta = report.deltas && report.deltas[file] && report.deltas[file][name];
        const diff = delta && typeof delta.diff === 'number' ? delta.diff : null;
        metricRows.push({ cells: [file, name, number(value), diff === null ? (report.previous ? '-' : '') : el('span', { class: diff > 0 ? 'up' : diff < 0 ? 'down' : null }, (diff > 0 ? '+' : '') + number(diff))] });
      }
    }
    root.append(section('Metrics', 'metrics', metricRows.length
      ? table(['file', 'metric', 'value', report.previous ? `change since ${report.previous.slice(0, 12)}` : 'change'], metricRows, { numeric: [2, 3] })
      : el('p', null, 'none')));

    root.append(section('Steps', 'steps', table(['step', 'state', 'reason', 'duration'],
      run.steps.map(s => ({ cells: [s.id, badge('state', s.state), s.reason + (s.error ? ` — ${s.error}` : ''), seconds(s.durationMs)] })), { numeric: [3] })));

    const timeline = section('Timeline', 'timeline');
    root.append(timeline);
    drawTimeline(timeline, run);

    const graph = section('Graph', 'graph');
    root.append(graph);
    graph.append(drawGraph(report.graph, new Map(run.steps.map(s => [s.id, s.state]))));

    if ((run.artifacts || []).length) root.append(section('Artifacts', 'artifacts', drawArtifacts(run.artifacts, report.lineage || [])));
    if ((report.profiles || []).length) {
      const profiles = section('Data profiles', 'profiles');
      root.append(profiles);
      drawProfiles(profiles, report.profiles);
    }
    if ((report.plots || []).length) {
      const plots = section('Plots', 'plots');
      root.append(plots);
      report.plots.forEach(plot => drawPlot(plots, plot));
    }
  }

  // One bar per step that started, from its start to its end: overlapping bars are steps that ran in parallel.
  function drawTimeline(container, run) {
    const start = Date.parse(run.startedAt);
    const bars = run.steps.filter(s => s.startedAt).map(s => {
      const from = (Date.parse(s.startedAt) - start) / 1000;
      return { step: s.id, state: s.state, start: from, end: from + Math.max(s.durationMs, 1) / 1000, duration: seconds(s.durationMs) };
    });
    if (!bars.length) { container.append(el('p', null, 'no step started in this run (or it was recorded by an older version)')); return; }
    chart(container, {
      width: 760, height: { step: 22 }, data: { values: bars }, mark: { type: 'bar', cornerRadius: 2 },
      encoding: {
        y: { field: 'step', type: 'nominal', sort: null, title: null },
        x: { field: 'start', type: 'quantitative', title: 'seconds since the run started' }, x2: { field: 'end' },
        color: { field: 'state', type: 'nominal', scale: stateScale() },
        tooltip: [{ field: 'step' }, { field: 'state' }, { field: 'duration' }],
      },
    });
  }

  function stateScale() {
    return { domain: ['ran', 'up-to-date', 'restored', 'failed', 'skipped', 'cancelled'], range: ['#1a7f37', '#6e7781', '#0969da', '#cf222e', '#9a6700', '#9a6700'] };
  }

  // Layers by longest path from a source; one rectangle per step, coloured by its state.
  function drawGraph(graph, states) {
    const layer = new Map();
    const upstream = new Map(graph.nodes.map(n => [n, []]));
    graph.edges.forEach(([from, to]) => upstream.get(to) && upstream.get(to).push(from));
    const depth = (id, seen) => {
      if (layer.has(id)) return layer.get(id);
      if (seen.has(id)) return 0;
      seen.add(id);
      const value = Math.max(-1, ...upstream.get(id).map(u => depth(u, seen))) + 1;
      layer.set(id, value);
      return value;
    };
    graph.nodes.forEach(n => depth(n, new Set()));
    const columns = [];
    graph.nodes.forEach(n => (columns[layer.get(n)] = columns[layer.get(n)] || []).push(n));
    const width = 170, height = 30, gapX = 60, gapY = 14;
    const position = new Map();
    columns.forEach((ids, x) => ids.forEach((id, y) => position.set(id, { x: 10 + x * (width + gapX), y: 10 + y * (height + gapY) })));
    const svgWidth = 20 + columns.length * (width + gapX), svgHeight = 20 + Math.max(1, ...columns.map(c => c.length)) * (height + gapY);
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('class', 'pb-graph');
    svg.setAttribute('width', svgWidth); svg.setAttribute('height', svgHeight);
    const make = (tag, attrs, text) => { const n = document.createElementNS(ns, tag); Object.entries(attrs).forEach(([k, v]) => n.setAttribute(k, v)); if (text) n.textContent = text; return n; };
    const colours = Object.fromEntries(stateScale().domain.map((d, i) => [d, stateScale().range[i]]));
    graph.edges.forEach(([from, to]) => {
      const a = position.get(from), b = position.get(to);
      if (a && b) svg.append(make('path', { class: 'edge', d: `M${a.x + width},${a.y + height / 2} C${a.x + width + gapX / 2},${a.y + height / 2} ${b.x - gapX / 2},${b.y + height / 2} ${b.x},${b.y + height / 2}`, fill: 'none', stroke: '#8c959f', 'stroke-width': 1.5 }));
    });
    graph.nodes.forEach(id => {
      const p = position.get(id);
      const g = make('g', { class: 'node', 'data-step': id, 'data-state': states.get(id) || '' });
      g.append(make('rect', { x: p.x, y: p.y, width, height, rx: 5, fill: colours[states.get(id)] || '#57606a' }));
      g.append(make('text', { x: p.x + 8, y: p.y + 19 }, id.length > 24 ? id.slice(0, 23) + '…' : id));
      g.append(make('title', {}, `${id}: ${states.get(id) || 'not in this run'}`));
      svg.append(g);
    });
    return svg;
  }

  function drawArtifacts(artifacts, lineage) {
    const byName = new Map(lineage.map(l => [l.manifest.name, l]));
    const wrapper = el('div');
    wrapper.append(table(['artifact', 'version', 'aliases', 'digest', 'new'], artifacts.map(a => ({
      cells: [a.name, a.version, ((byName.get(a.name) || {}).aliases || []).join(', '), el('code', null, a.digest.slice(0, 16)), a.new ? 'yes' : 'no'],
    }))));
    lineage.forEach(l => {
      const m = l.manifest;
      wrapper.append(el('h3', null, `lineage of ${m.artifact}`));
      wrapper.append(table(['step', 'input', 'digest', 'made by'], (m.steps || []).flatMap(s => (s.inputs || []).map(i => ({ cells: [s.id, i.path, el('code', null, (i.digest || '').slice(0, 16)), i.from || 'source'] })))));
    });
    return wrapper;
  }

  // A histogram per numeric column of each profile, and the drift (PSI) per column the step measured.
  function drawProfiles(container, profiles) {
    profiles.forEach(p => {
      container.append(el('h3', null, `${p.step} — ${p.profile.rows} rows`));
      const bins = [];
      (p.profile.columns || []).filter(c => c.histogram).forEach(c => c.histogram.counts.forEach((count, i) => bins.push({ column: c.name, from: c.histogram.edges[i], to: c.histogram.edges[i + 1], count })));
      if (bins.length) {
        chart(container, {
          data: { values: bins }, facet: { field: 'column', type: 'nominal', title: null }, columns: 4, resolve: { scale: { x: 'independent' } },
          spec: { width: 160, height: 90, mark: 'bar', encoding: { x: { field: 'from', type: 'quantitative', bin: 'binned', title: null }, x2: { field: 'to' }, y: { field: 'count', type: 'quantitative' } } },
        });
      }
      const drift = Object.entries(p.drift || {}).map(([column, psi]) => ({ column, psi }));
      if (drift.length) {
        chart(container, {
          title: 'drift (PSI) against the reference', width: 400, data: { values: drift }, mark: 'bar',
          encoding: { y: { field: 'column', type: 'nominal', title: null }, x: { field: 'psi', type: 'quantitative' }, color: { condition: { test: 'datum.psi > 0.2', value: '#cf222e' }, value: '#0969da' } },
        });
      }
    });
  }

  // ---- plots: one Vega-Lite spec per plot from its DVC template; one colour per series (run) and field.
  function drawPlot(container, plot) {
    const box = el('div', { class: 'plot', 'data-path': plot.path });
    container.append(box);
    box.append(el('h3', null, plot.title + (plot.step ? ` (${plot.step})` : '')));
    plot.series.filter(s => s.missing).forEach(s => box.append(el('p', { class: 'missing' }, `${s.label}: ${plot.path} ${s.missing}`)));
    if (plot.image) {
      plot.series.filter(s => s.image).forEach(s => box.append(el('figure', null, el('img', { class: 'plot', src: s.image, alt: plot.path }), el('figcaption', null, s.label))));
      return;
    }
    const withRows = plot.series.filter(s => s.rows && s.rows.length);
    if (!withRows.length) return;
    chart(box, plotSpec(plot, withRows));
  }

  const templateAxes = { roc: ['fpr', 'tpr'], 'precision-recall': ['recall', 'precision'] };

  function plotSpec(plot, series) {
    const first = series[0].rows[0];
    const defaults = templateAxes[plot.template] || [];
    const x = plot.x || defaults[0] || null;
    const fields = plot.y.length ? plot.y : defaults[1] ? [defaults[1]] : [Object.keys(first).filter(k => k !== x).pop()];
    const many = series.length > 1 || fields.length > 1;
    const values = [];
    series.forEach(s => s.rows.forEach((row, i) => fields.forEach(field => values.push({
      x: x ? row[x] : i, y: row[field], series: series.length > 1 ? (fields.length > 1 ? `${s.label} ${field}` : s.label) : field,
    }))));
    const xTitle = plot.xLabel || x || 'step', yTitle = plot.yLabel || fields.join(', ');
    const base = { width: 480, height: 280, data: { values } };
    const color = many ? { color: { field: 'series', type: 'nominal', title: null } } : {};
    switch (plot.template) {
      case 'confusion':
        return Object.assign(base, {
          encoding: { x: { field: 'x', type: 'nominal', title: plot.xLabel || x || 'actual' }, y: { field: 'y', type: 'nominal', title: plot.yLabel || fields[0] || 'predicted' } },
          layer: [
            { mark: 'rect', encoding: { color: { aggregate: 'count', type: 'quantitative', title: 'count' } } },
            { mark: { type: 'text', baseline: 'middle' }, encoding: { text: { aggregate: 'count', type: 'quantitative' } } },
          ],
        });
      case 'bar':
        return Object.assign(base, { mark: 'bar', encoding: Object.assign({ x: { field: 'x', type: 'nominal', title: xTitle }, y: { field: 'y', type: 'quantitative', title: yTitle }, xOffset: many ? { field: 'series' } : undefined }, color) });
      case 'scatter':
        return Object.assign(base, { mark: { type: 'point', filled: true }, encoding: Object.assign({ x: { field: 'x', type: 'quantitative', title: xTitle }, y: { field: 'y', type: 'quantitative', title: yTitle } }, color) });
      case 'smooth':
        return Object.assign(base, {
          encoding: Object.assign({ x: { field: 'x', type: 'quantitative', title: xTitle }, y: { field: 'y', type: 'quantitative', title: yTitle } }, color),
          layer: [{ mark: { type: 'line', opacity: 0.3 } }, { mark: 'line', transform: [{ loess: 'y', on: 'x', groupby: ['series'], bandwidth: 0.3 }] }],
        });
      default: // linear, roc, precision-recall
        return Object.assign(base, { mark: { type: 'line', point: true }, encoding: Object.assign({ x: { field: 'x', type: 'quantitative', title: xTitle }, y: { field: 'y', type: 'quantitative', title: yTitle } }, color) });
    }
  }

  function renderPlots(plots, root) {
    root.append(el('h1', null, plots.title));
    if (!plots.plots.length) root.append(el('p', null, 'this pipeline declares no plots'));
    plots.plots.forEach(plot => drawPlot(root, plot));
  }

  // ---- compare N runs: a sortable table, and each metric across the runs (x: run order or a param).
  function renderCompare(compare, root) {
    const runs = compare.runs;
    root.append(el('h1', null, `Compare ${runs.length} runs`));
    const params = [...new Set(runs.flatMap(r => Object.keys(r.params || {})))].sort();
    const metrics = [...new Set(runs.flatMap(r => Object.entries(r.metrics || {}).flatMap(([file, m]) => Object.keys(m).map(n => `${file}:${n}`))))].sort();
    const metricOf = (run, key) => { const i = key.lastIndexOf(':'); const m = (run.metrics || {})[key.slice(0, i)]; return m ? m[key.slice(i + 1)] : undefined; };
    const varying = params.filter(p => new Set(runs.map(r => (r.params || {})[p])).size > 1);
    const shownParams = varying.length ? varying : params;
    root.append(section('Runs', 'runs', table(['#', 'run', 'status', 'started', ...shownParams, ...metrics],
      runs.map((r, i) => ({
        cells: [i + 1, r.id.slice(0, 12), badge('status', r.status), r.startedAt.replace('T', ' ').slice(0, 19), ...shownParams.map(p => (r.params || {})[p] ?? '-'), ...metrics.map(m => number(metricOf(r, m)))],
        values: [i + 1, r.id, r.status, r.startedAt, ...shownParams.map(p => (r.params || {})[p] ?? ''), ...metrics.map(m => metricOf(r, m) ?? '')],
      })), { sortable: true, class: 'runs', numeric: [0] })));

    const charts = section('Metrics across the runs', 'charts');
    root.append(charts);
    const select = el('select', { id: 'x-axis' }, el('option', { value: '' }, 'run order'), params.map(p => el('option', { value: p, selected: p === compare.x ? '' : null }, p)));
    charts.append(el('div', { class: 'controls' }, el('label', null, 'x axis: ', select)));
    const area = el('div');
    charts.append(area);
    const draw = () => {
      area.replaceChildren();
      const param = select.value;
      metrics.forEach(metric => {
        const values = runs.map((r, i) => ({ order: i + 1, run: r.id.slice(0, 12), param: param ? numeric((r.params || {})[param]) : null, value: metricOf(r, metric) }))
          .filter(v => typeof v.value === 'number');
        const quantitative = param && values.every(v => typeof v.param === 'number');
        const x = param ? { field: 'param', type: quantitative ? 'quantitative' : 'nominal', title: param } : { field: 'order', type: 'ordinal', title: 'run (oldest first)' };
        const holder = chart(area, {
          title: metric, width: 300, height: 180, data: { values }, mark: { type: 'line', point: { size: 60 } },
          encoding: { x, y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } }, tooltip: [{ field: 'run' }, { field: 'value' }].concat(param ? [{ field: 'param', title: param }] : []), order: { field: param ? 'param' : 'order' } },
        });
        holder.dataset.metric = metric;
      });
    };
    const numeric = v => { const n = Number(v); return v !== undefined && v !== '' && !Number.isNaN(n) ? n : v; };
    select.addEventListener('change', draw);
    draw();
  }

  // ---- ui: the runs list, filtered and sorted in the page, refreshed from the server.
  function renderUi(ui, root) {
    root.append(el('h1', null, 'PipelineBuild runs'));
    const status = el('select', { id: 'filter-status' }, ['', 'succeeded', 'failed', 'cancelled'].map(s => el('option', { value: s }, s || 'any status')));
    const branch = el('input', { id: 'filter-branch', placeholder: 'branch' });
    const param = el('input', { id: 'filter-param', placeholder: 'param=value' });
    const sort = el('select', { id: 'sort-metric' }, el('option', { value: '' }, 'newest first'));
    const compareButton = el('button', { id: 'compare-selected' }, 'compare selected');
    root.append(el('div', { class: 'controls' }, status, branch, param, el('label', null, 'sort by ', sort), compareButton));
    const running = el('div', { id: 'live' });
    const list = el('div', { id: 'runs' });
    root.append(running, list);
    const artifacts = section('Artifacts', 'artifacts');
    root.append(artifacts);
    let runs = ui.runs || [];
    let live = ui.live || [];
    // Runs in progress: their steps so far, refreshed while they go; a run moves to the table once recorded.
    const drawLive = () => running.replaceChildren(...live.map(r => el('section', { class: 'live-run', 'data-run': r.id },
      el('h2', null, `running: run ${r.id.slice(0, 12)} · ${r.pipeline} · ${r.steps.filter(s => s.seconds !== undefined).length}/${r.stepCount} steps done`),
      table(['step', 'state', 'reason', 'duration'], r.steps.map(s => ({
        attrs: { 'data-step': s.id },
        cells: [s.id, badge('state', s.state), s.reason, s.seconds === undefined ? '…' : `${number(s.seconds)} s`],
      }))))));
    const selected = new Set();
    const metricKeys = () => [...new Set(runs.flatMap(r => Object.entries(r.metrics || {}).flatMap(([f, m]) => Object.keys(m).map(n => `${f}:${n}`))))].sort();
    const metricOf = (run, key) => { const i = key.lastIndexOf(':'); const m = (run.metrics || {})[key.slice(0, i)]; return m ? m[key.slice(i + 1)] : undefined; };
    const draw = () => {
      const keys = metricKeys();
      if (sort.options.length - 1 !== keys.length * 2) {
        const current = sort.value;
        sort.replaceChildren(el('option', { value: '' }, 'newest first'), ...keys.flatMap(k => [el('option', { value: `${k}|desc` }, `${k} ↓`), el('option', { value: `${k}|asc` }, `${k} ↑`)]));
        sort.value = current;
      }
      const [want, wantValue] = param.value.includes('=') ? param.value.split('=', 2).map(s => s.trim()) : [param.value.trim(), null];
      let shown = runs.filter(r => (!status.value || r.status === status.value)
        && (!branch.value || ((r.git && r.git.branch) || '').includes(branch.value))
        && (!want || Object.entries(r.params || {}).some(([k, v]) => k.includes(want) && (wantValue === null || v === wantValue))));
      if (sort.value) {
        const [key, order] = sort.value.split('|');
        shown = shown.slice().sort((a, b) => ((metricOf(a, key) ?? -Infinity) - (metricOf(b, key) ?? -Infinity)) * (order === 'desc' ? -1 : 1));
      }
      const paramNames = [...new Set(runs.flatMap(r => Object.keys(r.params || {})))].filter(p => new Set(runs.map(r => (r.params || {})[p])).size > 1).sort();
      list.replaceChildren(table(['', 'run', 'status', 'branch', 'started', ...paramNames, ...keys], shown.map(r => ({
        attrs: { 'data-run': r.id },
        cells: [el('input', { type: 'checkbox', checked: selected.has(r.id) ? '' : null, onchange: e => { if (e.target.checked) selected.add(r.id); else selected.delete(r.id); } }),
          el('a', { href: withToken(`runs/${encodeURIComponent(r.id)}`) }, r.id.slice(0, 12)), badge('status', r.status), (r.git && r.git.branch) || '', r.startedAt.replace('T', ' ').slice(0, 19),
          ...paramNames.map(p => (r.params || {})[p] ?? '-'), ...keys.map(k => number(metricOf(r, k)))],
      })), { class: 'runs', numeric: [] }));
    };
    [status, sort].forEach(c => c.addEventListener('change', draw));
    [branch, param].forEach(c => c.addEventListener('input', draw));
    compareButton.addEventListener('click', () => { if (selected.size) location.href = withToken(`compare?runs=${[...selected].map(encodeURIComponent).join(',')}`); });
    draw();
    drawLive();
    fetchJson('api/artifacts').then(items => artifacts.append(items.length ? table(['artifact', 'version', 'aliases', 'run'], items.map(a => ({ cells: [a.name, a.version, (a.aliases || []).join(', '), a.run ? el('a', { href: withToken(`runs/${encodeURIComponent(a.run)}`) }, a.run.slice(0, 12)) : ''] }))) : el('p', null, 'none')));
    // Live: a run in progress shows its steps as they go, and appears in the table once recorded, without a reload.
    let stamp = ui.stamp;
    setInterval(() => fetchJson('api/runs').then(next => { if (next.stamp !== stamp) { stamp = next.stamp; runs = next.runs; live = next.live || []; draw(); drawLive(); } }), 1000);
  }

  // Off localhost the ui needs its token on every request: links and fetches carry the page's own.
  function withToken(path) {
    const token = new URLSearchParams(location.search).get('token');
    return path + (token ? `${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : '');
  }

  function fetchJson(path) {
    return fetch(withToken(path)).then(r => r.json());
  }

  const renderers = { report: renderReport, compare: renderCompare, plots: renderPlots, ui: renderUi };
  renderers[data.kind](data, page);
})();
