// The playground's page: a client of the same API a script could call. Its state is train's flags (params.json, the
// one table of parameters), written to the URL, shown as the `descent train` command, and sent as the query of
// /api/train/stream; every change of a control retrains at once, a newer request cancelling the older.
'use strict';
(async function () {
  const table = await (await fetch('params.json')).json();
  const params = table.params;
  const byName = Object.fromEntries(params.map(p => [p.name, p]));
  const pageId = Math.random().toString(36).slice(2, 10);
  const $ = id => document.getElementById(id);
  const colors = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

  // ---- state: the flags given (defaults left out), the uploaded table, compare mode
  let state = {};
  let upload = null;                 // {id, name, columns}
  let compareOn = false;
  let compareWith = ['gd', 'adam'];
  // Latencies (ms) from a control's change to the first frame drawn for it; read by the browser tests.
  window.descentFrames = [];
  window.descentRuns = 0;

  const parseValue = (p, text) => {
    if (!p) return text;
    if (p.type === 'switch') return text === '' || text === 'true';
    if (p.type === 'int' || p.type === 'number') { const v = Number(text); return Number.isFinite(v) ? v : text; }
    return text;
  };
  function readUrl() {
    state = {};
    for (const [k, v] of new URLSearchParams(location.search)) {
      if (k === 'token' || k === 'page') continue;
      if (k === 'compare') { compareOn = true; compareWith = v.split(',').filter(x => table.optimizers.includes(x)); continue; }
      state[k] = parseValue(byName[k], v);
    }
  }
  const valueOf = name => (name in state ? state[name] : byName[name] ? byName[name].default : undefined);
  const datasetNow = () => (state.data ? 'table' : valueOf('dataset'));
  function applies(p, st) {
    const a = p.applies;
    const get = n => (n in st ? st[n] : byName[n] ? byName[n].default : undefined);
    if (p.name === 'dataset' || p.name === 'data') return p.name === 'data' ? !!st.data : !st.data;
    if (!a) return true;
    if (a.optimizer && !a.optimizer.includes(get('optimizer'))) return false;
    if (a.schedule && !a.schedule.includes(get('schedule'))) return false;
    if (a.dataset && !a.dataset.includes(st.data ? 'table' : get('dataset'))) return false;
    if (a.warmup && !(st.warmup > 0)) return false;
    return true;
  }
  // The flags of a state that are given and read, in the table's order, then any the table does not know.
  function flags(st) {
    const out = [];
    for (const p of params) {
      if (!(p.name in st) || !applies(p, st)) continue;
      const v = st[p.name];
      if (v === null || v === '' || v === false || v === p.default) continue;
      out.push([p.name, v === true ? null : String(v)]);
    }
    for (const k of Object.keys(st)) if (!byName[k]) out.push([k, st[k] === true || st[k] === '' ? null : String(st[k])]);
    return out;
  }
  const query = st => flags(st).map(([k, v]) => (v === null ? k : k + '=' + encodeURIComponent(v))).join('&');
  const shellWord = s => (/^[A-Za-z0-9_.,:=+\/-]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'");
  const command = st => ['descent train'].concat(flags(st).map(([k, v]) =>
    '--' + k + (v === null ? '' : ' ' + shellWord(k === 'data' && upload ? upload.name : v)))).join(' ');
  const withOptimizer = (st, o) => Object.assign({}, st, { optimizer: o });

  // ---- controls, made from the table
  const toSlider = (p, v) => p.scale === 'log' ? 1000 * Math.log(v / p.min) / Math.log(p.max / p.min) : v;
  const fromSlider = (p, t) => {
    let v = p.scale === 'log' ? p.min * Math.pow(p.max / p.min, t / 1000) : Number(t);
    if (p.type === 'int') v = Math.round(v);
    else if (p.scale === 'log') v = Number(v.toPrecision(3));
    return v;
  };
  const shown = v => (typeof v === 'number' ? (Math.abs(v) >= 1e-3 || v === 0 ? String(Number(v.toPrecision(4))) : v.toExponential(1)) : String(v));
  const controls = {};
  for (const p of params) {
    if (p.type === 'upload') continue;
    const row = document.createElement('div');
    row.className = 'control';
    row.dataset.name = p.name;
    const label = document.createElement('label');
    label.textContent = p.label;
    const out = document.createElement('output');
    let input;
    if (p.type === 'choice' || p.type === 'column') {
      input = document.createElement('select');
      for (const c of p.choices || []) input.add(new Option(c === '' ? '(default)' : c, c));
    } else if (p.type === 'switch') {
      input = document.createElement('input'); input.type = 'checkbox';
    } else if (p.type === 'text') {
      input = document.createElement('input'); input.type = 'text';
    } else {
      input = document.createElement('input'); input.type = 'range';
      if (p.scale === 'log') { input.min = 0; input.max = 1000; input.step = 1; }
      else { input.min = p.min; input.max = p.max; input.step = p.step || 1; }
    }
    input.name = p.name;
    input.id = 'flag-' + p.name;
    label.htmlFor = input.id;
    const changed = () => {
      let v;
      if (p.type === 'switch') v = input.checked;
      else if (p.type === 'choice' || p.type === 'column' || p.type === 'text') v = input.value;
      else v = fromSlider(p, input.value);
      if (v === p.default || (v === '' && p.default === null)) delete state[p.name]; else state[p.name] = v;
      changedAt = performance.now();
      render();
      retrainSoon();
    };
    input.addEventListener(p.type === 'text' ? 'change' : 'input', changed);
    row.append(label, input, out);
    document.querySelector(`.panel[data-panel="${p.panel}"]`).append(row);
    controls[p.name] = { row, input, out, p };
  }

  // Controls show the state; those the state's rule, schedule or data do not read are hidden.
  function render() {
    for (const { row, input, out, p } of Object.values(controls)) {
      row.hidden = !applies(p, state) || (p.type === 'column' && !state.data);
      const v = valueOf(p.name);
      if (p.type === 'switch') input.checked = !!v;
      else if (p.type === 'column') {
        const cols = upload ? upload.columns : (v ? [v] : []);
        const want = ['(last column)'].concat(cols).join('|');
        if (input.dataset.cols !== want) {
          input.innerHTML = '';
          input.add(new Option('(last column)', ''));
          for (const c of cols) input.add(new Option(c, c));
          input.dataset.cols = want;
        }
        input.value = v || '';
      } else if (p.type === 'choice' || p.type === 'text') input.value = v == null ? '' : v;
      // A slider left where the learner put it: its value maps to v already (v is rounded for the command).
      else if (v != null && typeof v === 'number' && fromSlider(p, input.value) !== v) input.value = toSlider(p, v);
      out.textContent = v == null || v === '' ? 'default' : shown(v);
    }
    $('forget-table').hidden = !state.data;
    $('compare').checked = compareOn;
    const list = $('compare-list');
    if (!list.childElementCount) {
      for (const o of table.optimizers) {
        const l = document.createElement('label');
        const c = document.createElement('input'); c.type = 'checkbox'; c.value = o; c.name = 'compare-' + o;
        c.addEventListener('change', () => {
          compareWith = table.optimizers.filter(x => list.querySelector(`input[value="${x}"]`).checked);
          changedAt = performance.now(); render(); retrainSoon();
        });
        l.append(c, ' ' + o); list.append(l);
      }
    }
    for (const c of list.querySelectorAll('input')) { c.checked = compareWith.includes(c.value); c.disabled = !compareOn; }
    const q = query(state) + (compareOn ? (query(state) ? '&' : '') + 'compare=' + compareWith.join(',') : '');
    const token = new URLSearchParams(location.search).get('token');
    history.replaceState(null, '', '?' + (token ? 'token=' + token + (q ? '&' : '') : '') + q);
    $('command').textContent = command(state);
  }

  // ---- charts
  const layout = (title, extra) => Object.assign({ margin: { l: 45, r: 10, t: 30, b: 40 }, title: { text: title, font: { size: 13 } }, legend: { orientation: 'h', y: -0.15 } }, extra || {});
  let points = null, pointsKey = '';
  let runs = [];           // one per optimizer shown: {name, losses, validation, result}
  let landscape = null;
  let changedAt = performance.now();
  let firstFrameDone = true;
  let animation = null;

  function weightsAt(result, epoch) {
    if (epoch >= 1 && result.history[epoch - 1] && result.history[epoch - 1].weights) return result.history[epoch - 1].weights;
    return epoch === 0 ? result.initialWeights : result.weights;
  }
  // Scores of a point (features padded with 0) for weights as the run JSON writes them: a flat list (one output,
  // bias last) or one row per feature (bias row last), a column per output.
  function predict(w, x, y) {
    const f = [x, y];
    if (typeof w[0] === 'number') {
      const d = w.length - 1;
      let s = w[d];
      for (let j = 0; j < Math.min(d, 2); j++) s += w[j] * f[j];
      return s > 0 ? 1 : 0;
    }
    const d = w.length - 1, k = w[0].length;
    let best = 0, bestScore = -Infinity;
    for (let c = 0; c < k; c++) {
      let s = w[d][c];
      for (let j = 0; j < Math.min(d, 2); j++) s += w[j][c] * f[j];
      if (s > bestScore) { bestScore = s; best = c; }
    }
    return best;
  }
  let boundaryRange = null;
  function boundaryTraces(epochFraction) {
    const traces = [];
    if (!points) return traces;
    const xs = points.test.x, ys = points.test.y;
    const one = xs.length && xs[0].length === 1;
    const px = xs.map(r => r[0]), py = xs.map(r => (one ? 0 : r[1]));
    const pad = v => { const lo = Math.min(...v), hi = Math.max(...v), m = (hi - lo) * 0.08 || 1; return [lo - m, hi + m]; };
    const [x0, x1] = pad(px), [y0, y1] = pad(py);
    boundaryRange = [[x0, x1], [y0, y1]];
    const n = 45, gx = [], gy = [];
    for (let i = 0; i < n; i++) { gx.push(x0 + (x1 - x0) * i / (n - 1)); gy.push(y0 + (y1 - y0) * i / (n - 1)); }
    runs.forEach((run, r) => {
      if (!run.result) return;
      const epochs = run.result.history.length;
      const epoch = Math.round(epochFraction * epochs);
      const w = weightsAt(run.result, epoch);
      const z = gy.map(y => gx.map(x => predict(w, x, y)));
      const k = points.classes.length;
      if (r === 0) {
        const scale = points.classes.map((_, c) => [k === 1 ? 0 : c / (k - 1), colors[c % colors.length]]);
        traces.push({ type: 'heatmap', x: gx, y: gy, z, zmin: 0, zmax: k - 1, colorscale: k > 1 ? scale : [[0, colors[0]], [1, colors[0]]], opacity: 0.18, showscale: false, hoverinfo: 'skip', name: 'regions' });
      }
      const name = run.name + ' boundary, epoch ' + epoch, color = compareOn ? colors[r % colors.length] : '#000';
      if (typeof w[0] === 'number' && w.length === 3) {
        // One output over two features: the exact line w0·x + w1·y + b = 0.
        const [a, b, c] = w;
        const line = Math.abs(b) > 1e-12 ? { x: [x0, x1], y: [x0, x1].map(x => -(a * x + c) / b) } : { x: [-c / a, -c / a], y: [y0, y1] };
        traces.push(Object.assign({ type: 'scatter', mode: 'lines', line: { color, width: 2 }, name, showlegend: compareOn, hoverinfo: 'skip' }, line));
        return;
      }
      traces.push({ type: 'contour', x: gx, y: gy, z, showscale: false, contours: { coloring: 'none' }, line: { color: compareOn ? colors[r % colors.length] : '#000', width: 2 }, ncontours: Math.max(2, k), name: run.name + ' boundary, epoch ' + epoch, showlegend: compareOn, hoverinfo: 'skip' });
    });
    points.classes.forEach((c, i) => {
      const sel = ys.map((y, j) => (y === i ? j : -1)).filter(j => j >= 0);
      traces.push({ type: 'scattergl', mode: 'markers', x: sel.map(j => px[j]), y: sel.map(j => py[j]), marker: { size: 5, color: colors[i % colors.length], line: { width: 0.5, color: '#fff' } }, name: String(c) });
    });
    return traces;
  }
  function drawBoundary(epochFraction) {
    const f = points ? points.featureNames : ['x0', 'x1'];
    const epoch = runs[0] && runs[0].result ? Math.round(epochFraction * runs[0].result.history.length) : 0;
    const traces = boundaryTraces(epochFraction);
    const axis = (title, range) => (range ? { title: { text: title }, range } : { title: { text: title } });
    return Plotly.react('boundary', traces, layout('epoch ' + epoch, { xaxis: axis(f[0], boundaryRange && boundaryRange[0]), yaxis: axis(f[1] || '', boundaryRange && boundaryRange[1]) }), { displaylogo: false });
  }
  function drawLoss() {
    const traces = [];
    runs.forEach((run, r) => {
      const c = colors[r % colors.length];
      const name = compareOn ? run.name : 'training';
      traces.push({ x: run.losses.map((_, i) => i + 1), y: run.losses, mode: 'lines', name: name + ' loss', line: { color: c } });
      if (run.validation.some(v => v !== null)) traces.push({ x: run.validation.map((_, i) => i + 1), y: run.validation, mode: 'lines', name: name + ' validation', line: { color: c, dash: 'dot' } });
    });
    return Plotly.react('loss', traces, layout('loss per epoch', { xaxis: { title: { text: 'epoch' } }, yaxis: { title: { text: 'loss' } } }), { displaylogo: false });
  }
  function drawLandscape() {
    if (!landscape) return Plotly.react('landscape', [], layout('landscape'), { displaylogo: false });
    const g = landscape.grid;
    // A heatmap the browser smooths and a few contour lines: filled contours took several times as long to draw,
    // and a draw that blocks the page delays the next change's first frame.
    const traces = [
      { type: 'heatmap', x: g.a, y: g.b, z: g.loss, colorscale: 'Viridis', zsmooth: 'fast', showscale: false, name: 'loss', hovertemplate: '%{x:.3g}, %{y:.3g}: loss %{z:.4g}<extra></extra>' },
      { type: 'contour', x: g.a, y: g.b, z: g.loss, ncontours: 12, showscale: false, contours: { coloring: 'none' }, line: { color: 'rgba(255,255,255,0.35)', width: 1 }, hoverinfo: 'skip', name: 'levels', showlegend: false }];
    landscape.paths.forEach((p, r) => traces.push({ type: 'scatter', mode: 'lines+markers', x: p.points.map(q => q[0]), y: p.points.map(q => q[1]), name: p.name, marker: { size: 3 }, line: { color: r === 0 ? '#fff' : colors[(r + 1) % colors.length], width: 2 } }));
    const [an, bn] = landscape.axisNames;
    return Plotly.react('landscape', traces, layout('loss landscape', { xaxis: { title: { text: an } }, yaxis: { title: { text: bn } } }), { displaylogo: false });
  }
  async function firstFrame() {
    if (firstFrameDone) return;
    firstFrameDone = true;
    await drawLoss();
    window.descentFrames.push(performance.now() - changedAt);
  }
  function animate() {
    if (animation) cancelAnimationFrame(animation);
    const frames = Math.min(90, runs[0] && runs[0].result ? runs[0].result.history.length : 0);
    let i = 0;
    const step = () => {
      drawBoundary(frames ? i / frames : 1);
      if (i++ < frames) animation = requestAnimationFrame(step); else animation = null;
    };
    step();
  }

  // ---- requests: a newer one cancels the older (closing the stream or aborting the fetch ends the server's run)
  let aborts = [];
  // At once, not at the next animation frame: the first frame of a change is the one the learner waits for.
  function retrainSoon() { retrain(); }
  function showError(line) { $('error').textContent = line || ''; }
  async function getJson(url, abort) {
    const r = await fetch(url, { signal: abort.signal });
    const j = await r.json();
    if (!r.ok) throw new Error(j.error || r.statusText);
    return j;
  }
  function retrain() {
    if (animation) { cancelAnimationFrame(animation); animation = null; }
    aborts.forEach(a => a.abort());
    aborts = [];
    clearTimeout(landscapeTimer);
    firstFrameDone = false;
    showError('');
    const names = compareOn && compareWith.length ? compareWith : [valueOf('optimizer')];
    runs = names.map(name => ({ name, losses: [], validation: [], result: null }));
    const dataKey = query(Object.fromEntries(Object.entries(state).filter(([k]) => byName[k] && byName[k].panel === 'data')));
    if (dataKey !== pointsKey || !points) {
      const a = new AbortController(); aborts.push(a);
      getJson('api/points?' + dataKey + '&page=' + pageId + '.points', a)
        .then(p => { points = p; pointsKey = dataKey; drawBoundary(1); })
        .catch(e => { if (e.name !== 'AbortError') showError(e.message); });
    }
    runs.forEach((run, r) => {
      const st = compareOn ? withOptimizer(state, run.name) : state;
      const q = query(st);
      const handlers = {
        epoch(data) {
          const f = JSON.parse(data);
          run.losses[f.epoch - 1] = f.loss;
          run.validation[f.epoch - 1] = f.validationLoss === undefined ? null : f.validationLoss;
          if (!firstFrameDone) firstFrame();
          else if (!drawing) { drawing = true; requestAnimationFrame(() => { drawing = false; drawLoss(); }); }
        },
        result(data) {
          const res = JSON.parse(data);
          run.result = res; run.text = data;
          run.losses = res.losses;
          run.validation = res.history.map(h => (h.validationLoss === undefined ? null : h.validationLoss));
          window.descentRuns++;
          // One draw per task: when the first epoch and the result come in one chunk, the first frame draws both.
          if (!firstFrameDone) firstFrame(); else if (!drawing) { drawing = true; requestAnimationFrame(() => { drawing = false; drawLoss(); }); }
          if (runs.every(x => x.result)) {
            // The landscape and the animation in a later task: the first frame of a change is painted first.
            setTimeout(() => {
              if (!runs.every(x => x.result)) return;
              requestLandscapeSoon();
              animate();
              $('summary').textContent = runs.map(x => `${x.name}: ${x.result.stop.message}; test accuracy ${x.result.accuracy.toFixed(3)}`).join(' · ');
            }, 0);
          }
        },
        error(data) { const j = JSON.parse(data); showError((compareOn ? run.name + ': ' : '') + j.error); }
      };
      let drawing = false;
      const a = new AbortController(); aborts.push(a);
      streamEvents('api/train/stream?' + q + (q ? '&' : '') + 'record-weights&page=' + pageId + '.' + r, a, handlers)
        .catch(e => { if (e.name !== 'AbortError') showError(e.message); });
    });
  }
  // The stream's server-sent events read from a fetch rather than an EventSource: a fetch reuses the page's open
  // connection, where each new EventSource opened one of its own and its first event came tens of ms later.
  async function streamEvents(url, abort, handlers) {
    const response = await fetch(url, { signal: abort.signal });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += decoder.decode(value, { stream: true });
      let end;
      while ((end = text.indexOf('\n\n')) >= 0) {
        const block = text.slice(0, end);
        text = text.slice(end + 2);
        let name = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) name = line.slice(7);
          else if (line.startsWith('data: ')) data.push(line.slice(6));
        }
        if (handlers[name]) handlers[name](data.join('\n'));
      }
    }
  }
  // The landscape (a grid of losses, the heaviest request) once the controls rest for a moment: while a slider is
  // dragged, each change's own run gets the server to itself.
  let landscapeTimer = null;
  function requestLandscapeSoon() { clearTimeout(landscapeTimer); landscapeTimer = setTimeout(requestLandscape, 120); }
  function requestLandscape() {
    const la = new AbortController(); aborts.push(la);
    const others = compareOn ? compareWith.filter(o => o !== valueOf('optimizer')) : [];
    const lq = query(state);
    getJson('api/landscape?' + lq + (lq ? '&' : '') + 'resolution=41' + (others.length ? '&compare=' + others.join(',') : '') + '&page=' + pageId + '.landscape', la)
      .then(j => { landscape = j; drawLandscape(); })
      .catch(e => { if (e.name !== 'AbortError') { landscape = null; drawLandscape(); } });
  }

  // ---- upload, downloads, copy, compare, reset
  $('upload').addEventListener('change', async () => {
    const file = $('upload').files[0];
    if (!file) return;
    $('upload-status').textContent = 'uploading ' + file.name + '…';
    try {
      const r = await fetch('api/data?name=' + encodeURIComponent(file.name), { method: 'POST', body: file });
      const j = await r.json();
      if (!r.ok) throw new Error(j.error);
      upload = j;
      state.data = j.id; delete state.label;
      $('upload-status').textContent = `${j.name}: ${j.rows} rows, columns ${j.columns.join(', ')}`;
      points = null; changedAt = performance.now(); render(); retrain();
    } catch (e) { $('upload-status').textContent = ''; showError(e.message); }
  });
  $('forget-table').addEventListener('click', () => { delete state.data; delete state.label; upload = null; points = null; $('upload-status').textContent = ''; changedAt = performance.now(); render(); retrain(); });
  const save = (name, text, type) => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type }));
    a.download = name; a.click(); setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  $('dl-json').addEventListener('click', () => runs[0] && runs[0].text && save('run.json', runs[0].text + '\n', 'application/json'));
  $('dl-model').addEventListener('click', async () => {
    try { const r = await fetch('api/model?' + query(state)); const t = await r.text(); if (!r.ok) throw new Error(JSON.parse(t).error); save('model.json', t, 'application/json'); }
    catch (e) { showError(e.message); }
  });
  for (const b of document.querySelectorAll('[data-png]')) b.addEventListener('click', () => Plotly.downloadImage(b.dataset.png, { format: 'png', filename: b.dataset.png, width: 900, height: 600 }));
  $('copy').addEventListener('click', async () => {
    const text = $('command').textContent;
    try { await navigator.clipboard.writeText(text); $('copy').textContent = 'copied'; }
    catch (e) { const range = document.createRange(); range.selectNodeContents($('command')); getSelection().removeAllRanges(); getSelection().addRange(range); }
    setTimeout(() => { $('copy').textContent = 'copy'; }, 1200);
  });
  $('compare').addEventListener('change', () => { compareOn = $('compare').checked; changedAt = performance.now(); render(); retrain(); });
  $('reset').addEventListener('click', () => { state = {}; upload = null; compareOn = false; changedAt = performance.now(); render(); retrain(); });

  readUrl();
  render();
  retrain();
})();
