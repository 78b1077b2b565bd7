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
  let directions = '';               // the landscape's plane (its --directions; the page's, not train's)
  let heldEpoch = null;              // the epoch the views return to after the animation (the page's epoch=)
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
      if (k === 'directions') { directions = v; continue; }
      if (k === 'epoch') { heldEpoch = Number.isInteger(Number(v)) && Number(v) >= 0 ? Number(v) : null; continue; }
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
      retrain();
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
          changedAt = performance.now(); render(); retrain();
        });
        l.append(c, ' ' + o); list.append(l);
      }
    }
    for (const c of list.querySelectorAll('input')) { c.checked = compareWith.includes(c.value); c.disabled = !compareOn; }
    const page = [compareOn ? 'compare=' + compareWith.join(',') : '', directions ? 'directions=' + directions : '', heldEpoch !== null ? 'epoch=' + heldEpoch : ''].filter(x => x);
    const q = [query(state)].concat(page).filter(x => x).join('&');
    $('plane').value = directions;
    const token = new URLSearchParams(location.search).get('token');
    history.replaceState(null, '', '?' + (token ? 'token=' + token + (q ? '&' : '') : '') + q);
    $('command').textContent = command(state);
  }

  // ---- charts
  // Titles at the left, clear of the mode bar.
  const layout = (title, extra) => Object.assign({ margin: { l: 45, r: 10, t: 30, b: 40 }, title: { text: title, font: { size: 13 }, x: 0.01, xanchor: 'left' }, legend: { orientation: 'h', y: -0.15 } }, extra || {});
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
  // ---- the model in the browser: the class the run's weights give each point of a grid, as `descent predict` does
  // (Model.classOfScores: one output, class 1 where its score > 0; several, the first highest score).
  const isNetwork = w => Array.isArray(w) && Array.isArray(w[0]) && Array.isArray(w[0][0]);
  // The weights as layer matrices (rows: the inputs, then the bias; a column per unit): a linear model is one layer.
  const layersOf = w => (isNetwork(w) ? w : [typeof w[0] === 'number' ? w.map(v => [v]) : w]);
  // Core's hidden-layer activations (Core.CSharp/Network), with e^u clamped to [−708.39, 700] as ClampedExp clamps it.
  const clampedExp = u => Math.exp(Math.min(700, Math.max(-708.39, u)));
  const activations = {
    relu: z => (z < 0 ? 0 : z),
    tanh: z => { const e = clampedExp(-(z + z)); return (1 - e) / (1 + e); },
    sigmoid: z => 1 / (1 + clampedExp(-z)),
  };
  // The output scores of n points given as input columns (one Float64Array per feature): a Float64Array per output.
  function forward(layers, activation, columns, n) {
    const f = activations[activation] || activations.relu;
    let a = columns;
    layers.forEach((W, l) => {
      const inputs = W.length - 1, units = W[0].length, hidden = l < layers.length - 1, out = [];
      for (let u = 0; u < units; u++) {
        const z = new Float64Array(n).fill(W[inputs][u]);
        for (let r = 0; r < inputs; r++) {
          const wr = W[r][u], ar = a[r];
          if (wr !== 0) for (let i = 0; i < n; i++) z[i] += wr * ar[i];
        }
        if (hidden) for (let i = 0; i < n; i++) z[i] = f(z[i]);
        out.push(z);
      }
      a = out;
    });
    return a;
  }
  function classOf(scores, i) {
    if (scores.length === 1) return scores[0][i] > 0 ? 1 : 0;
    let best = 0;
    for (let c = 1; c < scores.length; c++) if (scores[c][i] > scores[best][i]) best = c;
    return best;
  }
  // The grid's input columns: x along the first feature, y along the second, the others at their mean over the test
  // rows (as data.html's charts hold them).
  function gridColumns(gx, gy, features) {
    const n = gx.length * gy.length, cols = [];
    for (let j = 0; j < features; j++) {
      const c = new Float64Array(n);
      if (j === 0) { for (let r = 0, i = 0; r < gy.length; r++) for (let q = 0; q < gx.length; q++) c[i++] = gx[q]; }
      else if (j === 1) { for (let r = 0, i = 0; r < gy.length; r++) for (let q = 0; q < gx.length; q++) c[i++] = gy[r]; }
      else c.fill(points.means ? points.means[j] : 0);
      cols.push(c);
    }
    return cols;
  }
  // Scores and classes over the grid (rows along y) for weights w of a run with settings `settings`.
  function regions(w, settings, gx, gy) {
    const layers = layersOf(w);
    const n = gx.length * gy.length;
    const scores = forward(layers, settings.activation, gridColumns(gx, gy, layers[0].length - 1), n);
    const k = scores.length, z = [], s = [];
    // Several outputs: per class c, its score's lead over the best other one, zero on the edge of c's region (two
    // outputs: one such map has every edge).
    const maps = k === 1 ? [] : Array.from({ length: k === 2 ? 1 : k }, () => []);
    for (let r = 0, i = 0; r < gy.length; r++) {
      const zr = new Array(gx.length), sr = new Array(gx.length), mr = maps.map(() => new Array(gx.length));
      for (let q = 0; q < gx.length; q++, i++) {
        zr[q] = classOf(scores, i);
        sr[q] = scores[0][i];
        for (let c = 0; c < maps.length; c++) {
          let other = -Infinity;
          for (let o = 0; o < k; o++) if (o !== c && scores[o][i] > other) other = scores[o][i];
          mr[c][q] = scores[c][i] - other;
        }
      }
      z.push(zr); s.push(sr);
      maps.forEach((m, c) => m.push(mr[c]));
    }
    return { z, edges: k === 1 ? [s] : maps };
  }
  // Grid points per side: finer for a network, whose boundary bends.
  const gridSide = w => (isNetwork(w) ? 61 : 45);
  let boundaryRange = null;
  // What the boundary chart shows at the animation's fraction: the axes' ranges, the test rows by class, and per run
  // its epoch, grid, classes and edge maps, and (a linear model's one output on two or more features) its exact line.
  function boundaryAt(epochFraction) {
    if (!points) return null;
    const xs = points.test.x, ys = points.test.y;
    const one = xs.length && xs[0].length === 1;
    const px = xs.map(r => r[0]), py = xs.map(r => (one ? 0 : r[1]));
    const pad = v => { const lo = Math.min(...v), hi = Math.max(...v), m = (hi - lo) * 0.08 || 1; return [lo - m, hi + m]; };
    const [x0, x1] = pad(px), [y0, y1] = pad(py);
    boundaryRange = [[x0, x1], [y0, y1]];
    const axes = n => {
      const gx = [], gy = [];
      for (let i = 0; i < n; i++) { gx.push(x0 + (x1 - x0) * i / (n - 1)); gy.push(y0 + (y1 - y0) * i / (n - 1)); }
      return [gx, gy];
    };
    const shown = [];
    runs.forEach((run, r) => {
      if (!run.result) return;
      const epoch = Math.round(epochFraction * run.result.history.length);
      const w = weightsAt(run.result, epoch);
      const [gx, gy] = axes(gridSide(w));
      const g = regions(w, run.result.settings || {}, gx, gy);
      const features = layersOf(w)[0].length - 1;
      let line = null;
      if (!isNetwork(w) && typeof w[0] === 'number' && features >= 2) {
        // One output of a linear model: the exact line w0·x + w1·y + b' = 0, b' the bias plus the other features at
        // their means.
        let c = w[features];
        for (let j = 2; j < features; j++) c += w[j] * (points.means ? points.means[j] : 0);
        const [a, b] = w;
        line = Math.abs(b) > 1e-12 ? { x: [x0, x1], y: [x0, x1].map(x => -(a * x + c) / b) } : { x: [-c / a, -c / a], y: [y0, y1] };
      }
      shown.push({ name: run.name + ' boundary', color: compareOn ? colors[r % colors.length] : '#000', gx, gy, g, line, first: shown.length === 0 });
    });
    return { px, py, ys, x: [x0, x1], y: [y0, y1], runs: shown };
  }
  const pointTraces = b => points.classes.map((c, i) => {
    const sel = b.ys.map((y, j) => (y === i ? j : -1)).filter(j => j >= 0);
    return { type: 'scattergl', mode: 'markers', x: sel.map(j => b.px[j]), y: sel.map(j => b.py[j]), marker: { size: 5, color: colors[i % colors.length], line: { width: 0.5, color: '#fff' } }, name: String(c) };
  });
  function boundaryTraces(epochFraction) {
    const b = boundaryAt(epochFraction);
    if (!b) return [];
    const traces = [];
    const k = points.classes.length;
    for (const run of b.runs) {
      if (run.first) {
        const scale = points.classes.map((_, c) => [k === 1 ? 0 : c / (k - 1), colors[c % colors.length]]);
        traces.push({ type: 'heatmap', x: run.gx, y: run.gy, z: run.g.z, zmin: 0, zmax: k - 1, colorscale: k > 1 ? scale : [[0, colors[0]], [1, colors[0]]], opacity: 0.18, showscale: false, hoverinfo: 'skip', name: 'regions' });
      }
      if (run.line) {
        traces.push(Object.assign({ type: 'scatter', mode: 'lines', line: { color: run.color, width: 2 }, name: run.name, showlegend: compareOn, hoverinfo: 'skip' }, run.line));
        continue;
      }
      // The zero lines of the score (one output) or of each class's lead (several): the regions' edges, smooth.
      run.g.edges.forEach((z, c) => traces.push({ type: 'contour', x: run.gx, y: run.gy, z, showscale: false, autocontour: false, contours: { start: 0, end: 0, size: 1, coloring: 'none' }, line: { color: run.color, width: 2 }, name: run.name, legendgroup: run.name, showlegend: compareOn && c === 0, hoverinfo: 'skip' }));
    }
    return traces.concat(pointTraces(b));
  }
  const boundaryLayout = (epoch, extra) => {
    const f = points ? points.featureNames : ['x0', 'x1'];
    const axis = (title, range) => (range ? { title: { text: title }, range } : { title: { text: title } });
    return layout('epoch ' + epoch, Object.assign({ xaxis: axis(f[0], boundaryRange && boundaryRange[0]), yaxis: axis(f[1] || '', boundaryRange && boundaryRange[1]) }, extra || {}));
  };
  const shownEpoch = epochFraction => (runs[0] && runs[0].result ? Math.round(epochFraction * runs[0].result.history.length) : 0);
  // The whole chart as traces (the regions a heatmap, the edges contour lines): what the replay ends on, an epoch held
  // and the browser tests read.
  function drawBoundary(epochFraction) {
    boundaryFrameOf = null;
    const traces = boundaryTraces(epochFraction);
    return Plotly.react('boundary', traces, boundaryLayout(shownEpoch(epochFraction)), { displaylogo: false });
  }
  // ---- the replay's in-between frames: the regions as an image and the edges as shapes, set by Plotly.relayout over
  // traces drawn once per replay. Redrawing the traces took ~11 ms of script a frame (every trace recalculated), a
  // relayout ~1 ms: the replay keeps the display's rate and a change's first frame does not wait behind it.
  let boundaryFrameOf = null;
  const regionsCanvas = document.createElement('canvas');
  // The class map as an image (rows along y, the top row last), one pixel per grid point, in the classes' colours.
  function regionsImage(run, k) {
    const nx = run.gx.length, ny = run.gy.length;
    regionsCanvas.width = nx; regionsCanvas.height = ny;
    const ctx = regionsCanvas.getContext('2d');
    const pixels = ctx.createImageData(nx, ny);
    const rgb = colors.map(c => [1, 3, 5].map(i => parseInt(c.slice(i, i + 2), 16)));
    for (let r = 0; r < ny; r++) for (let q = 0; q < nx; q++) {
      const c = rgb[(k === 1 ? 0 : run.g.z[r][q]) % rgb.length], o = 4 * ((ny - 1 - r) * nx + q);
      pixels.data[o] = c[0]; pixels.data[o + 1] = c[1]; pixels.data[o + 2] = c[2]; pixels.data[o + 3] = 255;
    }
    ctx.putImageData(pixels, 0, 0);
    // Each pixel covers its grid point's cell, as the heatmap's cells do.
    const dx = (run.gx[nx - 1] - run.gx[0]) / (nx - 1), dy = (run.gy[ny - 1] - run.gy[0]) / (ny - 1);
    return { source: regionsCanvas.toDataURL(), xref: 'x', yref: 'y', x: run.gx[0] - dx / 2, y: run.gy[ny - 1] + dy / 2, sizex: nx * dx, sizey: ny * dy, xanchor: 'left', yanchor: 'top', sizing: 'stretch', opacity: 0.18, layer: 'below' };
  }
  // The level-0 lines of a grid's map (rows along y) by marching squares, as an SVG path in data coordinates: each
  // cell's crossings interpolated along its sides, a saddle split by the cell's mean.
  function zeroPath(z, gx, gy) {
    const parts = [];
    const at = (a, b, va, vb) => a + (b - a) * (va / (va - vb));
    for (let r = 0; r + 1 < gy.length; r++) for (let q = 0; q + 1 < gx.length; q++) {
      const v = [z[r][q], z[r][q + 1], z[r + 1][q + 1], z[r + 1][q]];
      const xy = [[gx[q], gy[r]], [gx[q + 1], gy[r]], [gx[q + 1], gy[r + 1]], [gx[q], gy[r + 1]]];
      const cross = [];
      for (let e = 0; e < 4; e++) {
        const f = (e + 1) % 4;
        if ((v[e] > 0) !== (v[f] > 0)) cross.push([at(xy[e][0], xy[f][0], v[e], v[f]), at(xy[e][1], xy[f][1], v[e], v[f]), e]);
      }
      if (cross.length === 2) parts.push([cross[0], cross[1]]);
      else if (cross.length === 4) {
        const centre = (v[0] + v[1] + v[2] + v[3]) / 4 > 0;
        // Corner 0's side joins the crossings beside it when the centre differs from it, else the other pairs do.
        if (centre !== (v[0] > 0)) parts.push([cross[0], cross[3]], [cross[1], cross[2]]);
        else parts.push([cross[0], cross[1]], [cross[2], cross[3]]);
      }
    }
    return parts.map(([a, b]) => 'M' + a[0] + ',' + a[1] + 'L' + b[0] + ',' + b[1]).join('');
  }
  function drawBoundaryFrame(epochFraction) {
    const b = boundaryAt(epochFraction);
    if (!b) return;
    const k = points.classes.length;
    const images = b.runs.filter(r => r.first).map(r => regionsImage(r, k));
    const shapes = [];
    for (const run of b.runs) {
      const line = { color: run.color, width: 2 };
      if (run.line) shapes.push({ type: 'line', xref: 'x', yref: 'y', x0: run.line.x[0], x1: run.line.x[1], y0: run.line.y[0], y1: run.line.y[1], line });
      else for (const z of run.g.edges) shapes.push({ type: 'path', xref: 'x', yref: 'y', path: zeroPath(z, run.gx, run.gy) || 'M0,0', line });
    }
    if (!boundaryFrameOf || boundaryFrameOf.runs !== runs || boundaryFrameOf.points !== points || boundaryFrameOf.compareOn !== compareOn) {
      // Once per replay: the points, and in compare mode each run's boundary named in the legend as the traces name it.
      boundaryFrameOf = { runs, points, compareOn };
      const legend = compareOn ? b.runs.map(run => ({ type: 'scatter', mode: 'lines', x: [null], y: [null], line: { color: run.color, width: 2 }, name: run.name, hoverinfo: 'skip' })) : [];
      return Plotly.react('boundary', legend.concat(pointTraces(b)), boundaryLayout(shownEpoch(epochFraction), { images, shapes }), { displaylogo: false });
    }
    return Plotly.relayout('boundary', { images, shapes, 'title.text': 'epoch ' + shownEpoch(epochFraction) });
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
  // ---- the landscape: the plane's loss, each path drawn up to the animation's epoch, and at its current point the
  // rule's step as arrows tip to tail (the landscape JSON's paths[].steps, when the server gives them).
  let landscapeFraction = 1;     // where the animation is, 0..1 of each run's epochs
  let landscapeStale = false;    // a newer landscape is on its way: the old one is not animated with the new runs
  let landscapeError = '';
  let landscapeBase = null, landscapeBaseOf = null, landscapeRevision = 0;   // the heatmap and contour lines, made once per landscape
  const arrowKinds = [
    { key: 'gradient', name: 'gradient −α∇L', color: '#ff3b30' },
    { key: 'momentum', name: 'momentum', color: '#ff9f0a' },
    { key: 'scaling', name: 'adaptive scaling', color: '#ff4fd8' },
  ];
  // A path's colour: white alone (on Viridis); in compare mode its optimizer's colour in the other views.
  function pathColor(path, r) {
    if (!compareOn) return r === 0 ? '#fff' : colors[(r + 1) % colors.length];
    const i = runs.findIndex(x => path.name === x.name || path.name.startsWith(x.name + ' '));
    return colors[(i >= 0 ? i : r) % colors.length];
  }
  // The epoch a path is drawn up to at the animation's fraction.
  const pathEpoch = (path, fraction) => Math.round(fraction * (path.points.length - 1));
  // The arrows of `path` at epoch t as segments [kind, tail, tip]: the step taken from points[t] (the last step once
  // the path has ended), each part from the previous part's tip, the last one ending where the step ends. A part too
  // short to see (under a thousandth of the grid's sides: zero, or rounding, as heavy-ball's scaling) is left out.
  function stepArrows(path, t) {
    const steps = path.steps;
    if (!Array.isArray(steps) || !steps.length) return [];
    const g = landscape.grid;
    const spans = [Math.abs(g.a[g.a.length - 1] - g.a[0]) || 1, Math.abs(g.b[g.b.length - 1] - g.b[0]) || 1];
    const i = Math.min(t, steps.length - 1, path.points.length - 2);
    const s = steps[i], p = path.points[i];
    if (!s || !p) return [];
    const seen = d => Array.isArray(d) && Math.hypot(d[0] / spans[0], d[1] / spans[1]) >= 1e-3;
    const parts = arrowKinds.filter(k => seen(s[k.key]));
    const out = [];
    let x = p[0], y = p[1];
    parts.forEach((k, j) => {
      const d = s[k.key];
      let tx = x + d[0], ty = y + d[1];
      if (j === parts.length - 1 && Array.isArray(s.step)) { tx = p[0] + s.step[0]; ty = p[1] + s.step[1]; }
      out.push({ kind: k, tail: [x, y], tip: [tx, ty], d, epoch: i });
      x = tx; y = ty;
    });
    return out;
  }
  // One trace per kind of arrow: its segments (null between them), the tip an arrowhead along the segment. As traces,
  // they are clipped to the plot and named in the legend.
  function arrowTraces(segments) {
    return arrowKinds.map(k => {
      const mine = segments.filter(a => a.kind === k);
      if (!mine.length) return null;
      const x = [], y = [], size = [], text = [];
      for (const a of mine) {
        x.push(a.tail[0], a.tip[0], null); y.push(a.tail[1], a.tip[1], null); size.push(0, 11, 0);
        const shown = 'epoch ' + a.epoch + ': (' + a.d.map(v => Number(v.toPrecision(3))).join(', ') + ')';
        text.push(shown, shown, '');
      }
      return { type: 'scatter', mode: 'lines+markers', x, y, name: k.name, line: { color: k.color, width: 2.5 }, marker: { symbol: 'arrow', angleref: 'previous', size, color: k.color }, text, hovertemplate: '%{text}<extra>' + k.name + '</extra>' };
    }).filter(t => t);
  }
  function landscapeTraces(fraction) {
    const traces = landscapeBase.slice();
    const segments = [];
    landscape.paths.forEach((p, r) => {
      const t = pathEpoch(p, fraction);
      const shown = p.points.slice(0, t + 1);
      const color = pathColor(p, r);
      traces.push({ type: 'scatter', mode: 'lines+markers', x: shown.map(q => q[0]), y: shown.map(q => q[1]), name: p.name, marker: { size: 3, color }, line: { color, width: 2 }, hovertemplate: 'epoch %{pointNumber}<extra>' + p.name + '</extra>' });
      const here = shown[shown.length - 1];
      if (here) traces.push({ type: 'scatter', mode: 'markers', x: [here[0]], y: [here[1]], marker: { size: 9, color, line: { width: 1.5, color: '#000' } }, name: p.name + ', epoch ' + t, showlegend: false, hoverinfo: 'skip' });
      segments.push(...stepArrows(p, t));
    });
    return traces.concat(arrowTraces(segments));
  }
  // The landscape's heatmap and contour lines (made once per landscape) and its layout with `extra`.
  function landscapeView(extra) {
    const g = landscape.grid;
    if (landscapeBaseOf !== landscape) {
      // The grid's sides are the axes' ranges (arrows may run off them); a learner's zoom lasts as long as the landscape.
      landscapeBaseOf = landscape;
      landscapeRevision++;
      // The loss's log10 when it spans more than three orders of magnitude (as landscape.html draws it).
      const finite = g.loss.flat().filter(v => v !== null && Number.isFinite(v));
      const lo = Math.min(...finite), hi = Math.max(...finite);
      const log = lo > 0 && hi / lo > 1000;
      const z = log ? g.loss.map(row => row.map(v => (v === null || !(v > 0) ? null : Math.log10(v)))) : g.loss;
      // A heatmap the browser smooths and a few contour lines: filled contours took several times as long to draw,
      // and a draw that blocks the page delays the next change's first frame.
      landscapeBase = [
        { type: 'heatmap', x: g.a, y: g.b, z, customdata: g.loss, colorscale: 'Viridis', zsmooth: 'fast', showscale: false, name: log ? 'log10 loss' : 'loss', hovertemplate: 'loss %{customdata:.4g}<extra></extra>' },
        { type: 'contour', x: g.a, y: g.b, z, ncontours: 12, showscale: false, contours: { coloring: 'none' }, line: { color: 'rgba(255,255,255,0.35)', width: 1 }, hoverinfo: 'skip', name: 'levels', showlegend: false }];
    }
    const [an, bn] = landscape.axisNames;
    const title = 'loss landscape' + (landscapeBase[0].name === 'log10 loss' ? ' (log10)' : '') + (landscape.network ? ' · network ' + landscape.network.sizes.join('–') + ' ' + landscape.network.activation : '');
    return layout(title, Object.assign({ margin: { l: 45, r: 10, t: 30, b: 50 }, legend: { orientation: 'h', y: -0.2 }, xaxis: { title: { text: an }, range: [g.a[0], g.a[g.a.length - 1]] }, yaxis: { title: { text: bn }, range: [g.b[0], g.b[g.b.length - 1]] }, uirevision: landscapeRevision }, extra || {}));
  }
  // The whole chart as traces: what the replay ends on, an epoch held and the browser tests read.
  function drawLandscape() {
    landscapeFrameOf = null;
    if (!landscape) return Plotly.react('landscape', [], layout(landscapeError ? 'landscape: ' + landscapeError : 'landscape'), { displaylogo: false });
    const view = landscapeView();
    return Plotly.react('landscape', landscapeTraces(landscapeFraction), view, { displaylogo: false });
  }
  // The replay's in-between frames, as the boundary's: each path so far, its point and the step's arrows as shapes
  // (clipped to the plot) and arrowheads as annotations, set by Plotly.relayout over the heatmap and contour lines
  // drawn once per replay (with legend entries standing for the paths and arrows).
  let landscapeFrameOf = null;
  function drawLandscapeFrame(fraction) {
    const g = landscape.grid;
    const inside = q => q[0] >= Math.min(g.a[0], g.a[g.a.length - 1]) && q[0] <= Math.max(g.a[0], g.a[g.a.length - 1]) && q[1] >= Math.min(g.b[0], g.b[g.b.length - 1]) && q[1] <= Math.max(g.b[0], g.b[g.b.length - 1]);
    const shapes = [], annotations = [];
    landscape.paths.forEach((p, r) => {
      const t = pathEpoch(p, fraction);
      const shown = p.points.slice(0, t + 1);
      const color = pathColor(p, r);
      if (shown.length > 1) shapes.push({ type: 'path', xref: 'x', yref: 'y', path: shown.map((q, i) => (i ? 'L' : 'M') + q[0] + ',' + q[1]).join(''), line: { color, width: 2 } });
      const here = shown[shown.length - 1];
      if (here) shapes.push({ type: 'circle', xref: 'x', yref: 'y', xsizemode: 'pixel', ysizemode: 'pixel', xanchor: here[0], yanchor: here[1], x0: -4.5, x1: 4.5, y0: -4.5, y1: 4.5, fillcolor: color, line: { color: '#000', width: 1.5 } });
      for (const a of stepArrows(p, t)) {
        shapes.push({ type: 'line', xref: 'x', yref: 'y', x0: a.tail[0], y0: a.tail[1], x1: a.tip[0], y1: a.tip[1], line: { color: a.kind.color, width: 2.5 } });
        // The head alone: an annotation's arrow from just behind the tip (annotations are not clipped; a tip off the
        // plot has none).
        if (inside(a.tip)) annotations.push({ xref: 'x', yref: 'y', axref: 'x', ayref: 'y', x: a.tip[0], y: a.tip[1], ax: a.tip[0] - (a.tip[0] - a.tail[0]) * 1e-3, ay: a.tip[1] - (a.tip[1] - a.tail[1]) * 1e-3, showarrow: true, arrowhead: 2, arrowsize: 1, arrowwidth: 2.5, arrowcolor: a.kind.color, text: '' });
      }
    });
    if (landscapeFrameOf !== landscape) {
      landscapeFrameOf = landscape;
      const view = landscapeView({ shapes, annotations });
      // The legend the last frame's traces will have (the arrows' kinds at the paths' ends), so the plot keeps its size.
      const last = landscape.paths.flatMap(p => stepArrows(p, pathEpoch(p, 1)));
      const kinds = arrowKinds.filter(k => last.some(a => a.kind === k));
      const legend = landscape.paths.map((p, r) => ({ type: 'scatter', mode: 'lines+markers', x: [null], y: [null], name: p.name, marker: { size: 3, color: pathColor(p, r) }, line: { color: pathColor(p, r), width: 2 } }))
        .concat(kinds.map(k => ({ type: 'scatter', mode: 'lines+markers', x: [null], y: [null], name: k.name, marker: { symbol: 'arrow', size: 11, color: k.color }, line: { color: k.color, width: 2.5 } })));
      return Plotly.react('landscape', landscapeBase.concat(legend), view, { displaylogo: false });
    }
    return Plotly.relayout('landscape', { shapes, annotations });
  }
  // Called by the animation at each frame: the paths (and arrows) up to its epoch; the last frame is the whole chart.
  // On a slow machine the landscape skips frames to take at most about a third of the animation's time.
  let landscapeDrawnAt = -Infinity, landscapeCost = 0;
  function drawLandscapeAt(fraction) {
    landscapeFraction = fraction;
    showEpochControl(fraction);
    // An epoch the learner holds: every run is shown at it at once, without the replay.
    if (heldEpoch !== null && runs.length && runs.every(x => x.result)) {
      // After the animation's step has asked for its next frame: that frame is cancelled.
      queueMicrotask(() => { if (animation) { cancelAnimationFrame(animation); animation = null; } });
      return showEpoch(heldEpoch);
    }
    if (!landscape || landscapeStale) return;
    const now = performance.now();
    if (fraction < 1 && now - landscapeDrawnAt < 2 * landscapeCost) return;
    if (fraction < 1) drawLandscapeFrame(fraction); else drawLandscape();
    landscapeDrawnAt = performance.now();
    landscapeCost = landscapeDrawnAt - now;
  }
  // ---- the epoch shown: the animation moves it; the learner can hold one (the page's epoch=, not a flag of train)
  const epochsOfRun = () => (runs[0] && runs[0].result ? runs[0].result.history.length : 0);
  function showEpochControl(fraction) {
    const total = epochsOfRun(), e = Math.round(fraction * total);
    $('epoch').max = total;
    $('epoch').value = e;
    $('epoch-shown').textContent = e + ' / ' + total;
  }
  function showEpoch(epoch) {
    const total = epochsOfRun();
    if (!total) return;
    const f = Math.min(1, Math.max(0, epoch / total));
    drawBoundary(f);
    landscapeFraction = f;
    showEpochControl(f);
    if (landscape && !landscapeStale) drawLandscape();
  }
  $('epoch').addEventListener('input', () => {
    if (animation) { cancelAnimationFrame(animation); animation = null; }
    heldEpoch = Number($('epoch').value);
    render();
    showEpoch(heldEpoch);
  });
  $('replay').addEventListener('click', () => { heldEpoch = null; render(); if (runs.length && runs.every(x => x.result)) animate(); });
  // The loss along each rule's line θ0 + t·(θ* − θ0) (Goodfellow et al. 2015): θ0 at t = 0, the run's end at t = 1.
  function drawLine() {
    const lineColor = (p, r) => (compareOn ? pathColor(p, r) : colors[0]);
    const lines = landscape ? landscape.paths.map((p, r) => ({ name: p.name, line: p.line, color: lineColor(p, r) })).filter(l => Array.isArray(l.line) && l.line.length) : [];
    if (landscape && !lines.length && Array.isArray(landscape.line) && landscape.line.length) lines.push({ name: landscape.paths[0] ? landscape.paths[0].name : 'line', line: landscape.line, color: colors[0] });
    $('line-figure').hidden = !lines.length;
    if (!lines.length) return Plotly.purge('line');
    const traces = lines.map(l => ({ type: 'scatter', mode: 'lines', x: l.line.map(q => q[0]), y: l.line.map(q => q[1]), name: l.name, line: { color: l.color, width: 2 } }));
    return Plotly.react('line', traces, layout('loss along θ0 + t·(θ* − θ0)', { xaxis: { title: { text: 't' } }, yaxis: { title: { text: 'loss' } }, shapes: [0, 1].map(t => ({ type: 'line', xref: 'x', yref: 'paper', x0: t, x1: t, y0: 0, y1: 1, line: { color: '#999', width: 1, dash: 'dot' } })) }), { displaylogo: false });
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
      const fraction = frames ? i / frames : 1;
      if (fraction < 1) drawBoundaryFrame(fraction); else drawBoundary(1);
      drawLandscapeAt(fraction);
      if (i++ < frames) animation = requestAnimationFrame(step); else animation = null;
    };
    step();
  }

  // ---- requests: a newer one cancels the older (closing the stream or aborting the fetch ends the server's run)
  let aborts = [];
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
  // The landscape's own flags (not train's, so kept out of train's command): the plane and the compared rules.
  function landscapeFlags() {
    const others = compareOn ? compareWith.filter(o => o !== valueOf('optimizer')) : [];
    const out = [['resolution', '41']];
    if (directions) out.push(['directions', directions]);
    if (others.length) out.push(['compare', others.join(',')]);
    return out;
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
    const lq = query(state);
    const own = landscapeFlags();
    $('landscape-command').textContent = command(state).replace(/^descent train/, 'descent landscape') + own.map(([k, v]) => ' --' + k + ' ' + v).join('');
    landscapeStale = true;
    getJson('api/landscape?' + lq + (lq ? '&' : '') + own.map(([k, v]) => k + '=' + encodeURIComponent(v)).join('&') + '&page=' + pageId + '.landscape', la)
      .then(j => { landscape = j; landscapeStale = false; landscapeError = ''; drawLandscape(); drawLine(); })
      .catch(e => { if (e.name !== 'AbortError') { landscape = null; landscapeStale = false; landscapeError = e.message; drawLandscape(); drawLine(); } });
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
  $('plane').addEventListener('change', () => { directions = $('plane').value; render(); if (runs.length && runs.every(x => x.result)) requestLandscape(); });
  $('compare').addEventListener('change', () => { compareOn = $('compare').checked; changedAt = performance.now(); render(); retrain(); });
  $('reset').addEventListener('click', () => { state = {}; upload = null; compareOn = false; directions = ''; heldEpoch = null; changedAt = performance.now(); render(); retrain(); });

  readUrl();
  render();
  retrain();
})();
