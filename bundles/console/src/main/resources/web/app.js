/*
 * The QENEX console: pages over the node's REST API (/api/v1/*), nothing else.
 *
 * The browser holds the login (HTTP Basic, realm "karaf": the web console's, so a web console
 * login is reused); every action is a REST call the API checks by role, and the page only hides
 * what GET /api/v1/session says the caller may not do. Live updates come from the server-sent
 * events at /api/v1/events; without them the page polls.
 *
 * No framework and no inline script or style (the Content Security Policy forbids both): DOM
 * built with textContent only, so nothing the node returns is ever parsed as HTML.
 */
(function () {
  'use strict';

  var API = '/api/v1';
  var UNITS_PER_QXC = 100000000;
  var SAMPLE_MS = 10000;
  var PAGES = [
    { id: 'overview', title: 'Overview', role: 'viewer' },
    { id: 'chain', title: 'Chain', role: 'viewer' },
    { id: 'wallets', title: 'Wallets', role: 'operator' },
    { id: 'ai', title: 'AI', role: 'viewer' },
    { id: 'storage', title: 'Storage', role: 'admin' },
    { id: 'plugins', title: 'Plugins', role: 'viewer' },
    { id: 'network', title: 'Network', role: 'viewer' },
    { id: 'alerts', title: 'Alerts', role: 'viewer' },
    { id: 'logs', title: 'Logs', role: 'operator' }
  ];
  var EVENT_TYPES = ['block', 'transaction', 'ai.version', 'ai.candidate', 'incident', 'alert', 'plugin', 'peer'];
  // Sent instead of events the node no longer keeps: what the page shows may be stale, so it is drawn again.
  var RESET = 'reset';

  var mount = document.getElementById('qenex-console');
  var embedded = mount.classList.contains('qx-embedded');
  var session = null;
  var current = null;   // { id, onEvent, stop }

  // ---- DOM ------------------------------------------------------------------------------

  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) { return; }
        if (key === 'text') { node.textContent = value; }
        else if (key === 'class') { node.className = value; }
        else if (key.indexOf('on') === 0) { node.addEventListener(key.substring(2), value); }
        else { node.setAttribute(key, value === true ? '' : value); }
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) { continue; }
      if (Array.isArray(child)) { child.forEach(function (c) { if (c) { node.appendChild(c); } }); }
      else { node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child); }
    }
    return node;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } return node; }

  function section(title, id) {
    var body = el('div', { class: 'qx-body' });
    var box = el('section', { class: 'qx-section', id: id }, el('h2', { text: title }), body);
    return { box: box, body: body };
  }

  function text(value) {
    if (value === null || value === undefined) { return ''; }
    if (typeof value === 'object') { return JSON.stringify(value); }
    return String(value);
  }

  /** A table of rows; columns are [key, heading] pairs, or the scalar keys of the first row. */
  function table(rows, columns, rowClass) {
    rows = rows || [];
    if (!columns) {
      columns = rows.length === 0 ? [] : Object.keys(rows[0]).map(function (k) { return [k, k]; });
    }
    if (rows.length === 0) { return el('p', { class: 'qx-empty', text: 'none' }); }
    return el('table', { class: 'qx-table' },
      el('thead', null, el('tr', null, columns.map(function (c) { return el('th', { text: c[1] }); }))),
      el('tbody', null, rows.map(function (row) {
        return el('tr', { class: rowClass ? rowClass(row) : null }, columns.map(function (c) {
          var cell = typeof c[0] === 'function' ? c[0](row) : row[c[0]];
          return el('td', null, cell instanceof Node ? cell : text(cell));
        }));
      })));
  }

  /** An object as a two-column table; a list of objects inside it as a table, a nested object as a nested one. */
  function kv(object, depth) {
    depth = depth || 0;
    return el('table', { class: 'qx-kv' }, el('tbody', null, Object.keys(object || {}).map(function (key) {
      var value = object[key];
      var cell;
      if (depth < 2 && Array.isArray(value) && value.length && value.every(function (v) { return v && typeof v === 'object' && !Array.isArray(v); })) {
        cell = el('td', null, table(value, scalarColumns(value)));
      } else if (depth < 2 && value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length) {
        cell = el('td', null, kv(value, depth + 1));
      } else {
        cell = el('td', { text: text(value) });
      }
      return el('tr', null, el('th', { text: key }), cell);
    })));
  }

  /** The columns of a list of objects: every key of any row, in first-seen order. */
  function scalarColumns(rows) {
    var keys = [];
    rows.forEach(function (r) { Object.keys(r).forEach(function (k) { if (keys.indexOf(k) < 0) { keys.push(k); } }); });
    return keys.map(function (k) { return [k, k]; });
  }

  function badge(value) {
    var v = text(value);
    return el('span', { class: 'qx-badge qx-b-' + v.toLowerCase().replace(/[^a-z0-9]+/g, '-') , text: v });
  }

  function message(node, kind, words) {
    clear(node).appendChild(el('p', { class: 'qx-msg qx-' + kind, text: words }));
  }

  /** The first array in an answer: the answer itself, or its first array-valued field. */
  function list(answer) {
    if (Array.isArray(answer)) { return answer; }
    var key = Object.keys(answer || {}).find(function (k) { return Array.isArray(answer[k]); });
    return key ? answer[key] : [];
  }

  function short(hex) { return hex && hex.length > 16 ? hex.substring(0, 16) + '…' : hex; }

  function qxc(units) { return (Number(units) / UNITS_PER_QXC).toFixed(8).replace(/\.?0+$/, ''); }

  /** QXC as typed ("1.5") to base units, exactly (no floating point). */
  function units(qxcText) {
    var m = /^\s*(\d{1,8})(?:\.(\d{1,8}))?\s*$/.exec(qxcText);
    if (!m) { throw new Error('an amount in QXC, up to 8 decimals'); }
    return Number(m[1]) * UNITS_PER_QXC + Number(((m[2] || '') + '00000000').substring(0, 8));
  }

  function has(role) { return session && session.roles.indexOf(role) >= 0; }

  // ---- REST -----------------------------------------------------------------------------

  function ApiError(status, body) {
    this.status = status;
    this.code = (body && body.error) || ('http_' + status);
    this.detail = (body && body.detail) || '';
    this.message = this.code + (this.detail ? ': ' + this.detail : '');
  }

  function api(method, path, body) {
    var init = { method: method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return send(path, init);
  }

  /** A request whose body is a file as it is (a plugin jar). */
  function upload(method, path, file) {
    return send(path, { method: method, credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/java-archive' }, body: file });
  }

  function send(path, init) {
    // Absolute, from the origin: a page opened as https://user:pass@host/... would otherwise hand its
    // credentials to a relative URL, which fetch refuses.
    return fetch(location.origin + API + path, init).then(function (response) {
      return response.text().then(function (raw) {
        var parsed = null;
        try { parsed = raw ? JSON.parse(raw) : null; } catch (e) { parsed = { error: 'not_json', detail: raw.substring(0, 200) }; }
        if (!response.ok) { throw new ApiError(response.status, parsed); }
        return parsed;
      });
    });
  }

  /** Runs a form's action: the button is disabled meanwhile, the outcome (or the API's refusal) shown. */
  function act(button, out, action) {
    button.disabled = true;
    message(out, 'info', 'working…');
    Promise.resolve().then(action).then(function (shown) {
      if (shown instanceof Node) { clear(out).appendChild(shown); } else { message(out, 'ok', shown || 'done'); }
    }, function (failure) {
      message(out, 'error', failure.message || String(failure));
    }).then(function () { button.disabled = false; });
  }

  function field(label, input) { return el('label', { class: 'qx-field' }, el('span', { text: label }), input); }

  function input(name, type, placeholder, value) {
    return el('input', { name: name, type: type || 'text', placeholder: placeholder, value: value, autocomplete: type === 'password' ? 'new-password' : 'off' });
  }

  /** Follows a transaction until it is confirmed: on the live event, or by asking every 2 s. */
  function followTransaction(id, out) {
    var line = el('p', { class: 'qx-msg qx-info' });
    var done = false;
    function show(state) {
      line.textContent = 'transaction ' + id + ': ' + state.status +
        (state.blockHeight !== undefined ? ' in block ' + state.blockHeight : '');
      line.setAttribute('data-tx-status', state.status);
      line.className = 'qx-msg ' + (state.status === 'pending' ? 'qx-info' : 'qx-ok');
      done = state.status !== 'pending';
    }
    function poll() {
      if (done || !line.isConnected) { return; }
      api('GET', '/chain/transactions/' + id).then(show, function () { /* not yet known: ask again */ })
        .then(function () { if (!done) { setTimeout(poll, 2000); } });
    }
    show({ status: 'pending' });
    out.appendChild(line);
    watchers.push(function (type, data) {
      if (type === 'transaction' && data && data.id === id) { poll(); }
    });
    setTimeout(poll, 500);
  }

  /** Follows a candidate through its states (queued, evaluating, accepted or rejected). */
  function followCandidate(candidate, out) {
    var line = el('p', { class: 'qx-msg qx-info' });
    var final = ['accepted', 'rejected', 'failed', 'expired'];
    function show(c) {
      line.textContent = 'candidate ' + c.id + ': ' + c.state + (c.reason ? ' (' + c.reason + ')' : '') +
        (c.version ? ', version ' + short(c.version) : '');
      line.setAttribute('data-candidate-state', c.state);
      line.className = 'qx-msg ' + (final.indexOf(c.state) >= 0 ? (c.state === 'accepted' ? 'qx-ok' : 'qx-error') : 'qx-info');
    }
    function poll() {
      if (!line.isConnected || final.indexOf(line.getAttribute('data-candidate-state')) >= 0) { return; }
      api('GET', '/ai/candidates/' + candidate.id).then(show).catch(function () { /* ask again */ })
        .then(function () { setTimeout(poll, 3000); });
    }
    show(candidate);
    out.appendChild(line);
    watchers.push(function (type, data) {
      if (type === 'ai.candidate' && data && data.id === candidate.id) { poll(); }
    });
    setTimeout(poll, 1000);
  }

  var watchers = [];

  // ---- resource history (the Overview's charts) ----------------------------------------

  // The node keeps the last hour itself (GET /api/v1/metrics/history, one sample every 10 s), so a
  // browser opened now draws the hour before it; the page then asks only for newer samples.
  var SERIES = [
    { key: 'cpu', title: 'CPU (% of the machine)', lines: ['process', 'system'], from: ['cpu.process', 'cpu.system'], scale: 100 },
    { key: 'heap', title: 'Heap used (MiB)', lines: ['used', 'max'], from: ['heap.used', 'heap.max'], scale: 1 / 1048576 },
    { key: 'threads', title: 'Threads', lines: ['threads'], from: ['threads'], scale: 1 },
    { key: 'disk', title: 'Disk free (GiB)', lines: ['free'], from: ['disk.free'], scale: 1 / 1073741824 },
    { key: 'blockTime', title: 'Block time (s)', lines: ['interval'], from: ['chain.blockSeconds'], scale: 1 },
    { key: 'mempool', title: 'Mempool (pending transactions)', lines: ['pending'], from: ['chain.mempool'], scale: 1 },
    { key: 'tps', title: 'Transactions confirmed per second', lines: ['tx/s'], from: ['chain.transactionsPerSecond'], scale: 1 },
    { key: 'latency', title: 'REST latency p99, all routes (ms)', lines: ['p99'], from: ['rest.p99Seconds'], scale: 1000 },
    { key: 'requests', title: 'REST requests per second', lines: ['req/s'], from: ['rest.requestsPerSecond'], scale: 1 }
  ];

  var history = { t: [], capacity: 360, series: {} };

  /** Appends what the node sampled since the newest sample held here, and drops what is beyond its capacity. */
  function loadHistory() {
    var last = history.t.length ? history.t[history.t.length - 1] : null;
    return api('GET', '/metrics/history' + (last === null ? '' : '?after=' + last)).then(function (h) {
      history.capacity = h.capacity;
      h.time.forEach(function (t, i) {
        history.t.push(t);
        Object.keys(h.series).forEach(function (name) {
          (history.series[name] = history.series[name] || []).push(h.series[name][i]);
        });
      });
      var extra = history.t.length - history.capacity;
      if (extra > 0) {
        history.t.splice(0, extra);
        Object.keys(history.series).forEach(function (name) { history.series[name].splice(0, extra); });
      }
    });
  }

  function sample() {
    return Promise.all([api('GET', '/status'), api('GET', '/chain/head').catch(function () { return null; }),
      loadHistory().then(function () { return null; }, function (e) { return e; })])
      .then(function (answers) { return { status: answers[0], head: answers[1], historyError: answers[2] }; });
  }

  /** The kernel's prediction for a resource: its trend, when it runs out at that rate, and its warning. */
  function outlook(p) {
    if (!p) { return '?'; }
    return p.trend + (p.exhaustedInMs ? ', runs out in about ' + Math.max(1, Math.round(p.exhaustedInMs / 60000)) + ' min' : '')
      + (p.warning ? ' (WARNING)' : '');
  }

  function pct(load) { return load === undefined || load === null || load < 0 ? null : load * 100; }
  function mib(bytes) { return bytes === undefined || bytes === null || bytes < 0 ? null : bytes / 1048576; }

  function charts(container) {
    var plots = [];
    SERIES.forEach(function (series) {
      var box = el('div', { class: 'qx-chart', 'data-series': series.key }, el('h3', { text: series.title }));
      container.appendChild(box);
      if (typeof uPlot === 'undefined') { box.appendChild(el('p', { class: 'qx-msg qx-error', text: 'charting library missing' })); return; }
      var opts = {
        width: Math.max(260, Math.min(420, (container.clientWidth || 900) / 2 - 24)),
        height: 150,
        legend: { show: true },
        scales: { x: { time: true } },
        series: [{}].concat(series.lines.map(function (name, i) {
          return { label: name, stroke: i === 0 ? '#2563eb' : '#dc2626', width: 1.5, spanGaps: true };
        })),
        axes: [{}, { size: 50 }]
      };
      plots.push({ series: series, plot: new uPlot(opts, data(series), box) });
    });
    return function refresh() {
      // how many samples the charts hold: a browser opened now starts with the node's last hour
      container.setAttribute('data-points', String(history.t.length));
      plots.forEach(function (p) { p.plot.setData(data(p.series)); });
    };
  }

  function data(series) {
    return [history.t.slice()].concat(series.from.map(function (name) {
      return history.t.map(function (t, i) {
        var v = (history.series[name] || [])[i];
        return v === null || v === undefined ? null : v * series.scale;
      });
    }));
  }

  // ---- pages ----------------------------------------------------------------------------

  var pages = {};

  pages.overview = function (view) {
    var health = section('Health', 'qx-health');
    var incidents = section('Incidents', 'qx-incidents');
    var resources = section('Resources, the last hour', 'qx-resources');
    var live = section('Live events', 'qx-live');
    view.appendChild(health.box);
    view.appendChild(resources.box);
    view.appendChild(incidents.box);
    view.appendChild(live.box);
    var chartBox = el('div', { class: 'qx-charts' });
    var chartNote = el('div');
    var summary = el('div');
    resources.body.appendChild(summary);
    resources.body.appendChild(chartNote);
    resources.body.appendChild(chartBox);
    var refreshCharts = charts(chartBox);
    var feed = el('ul', { class: 'qx-feed' });
    live.body.appendChild(feed);

    function render(now) {
      var s = now.status;
      clear(health.body).appendChild(el('p', { class: 'qx-node' }, 'Node ', el('code', { text: s.node }), ' ', badge(s.health),
        ' version ' + text(s.version) + ', up ' + Math.round(s.uptimeMs / 60000) + ' min'));
      var parts = s.components || [];
      var columns = [['name', 'part'], ['kind', 'kind'], [function (p) { return badge(p.health); }, 'health'],
        ['critical', 'critical'], ['quarantined', 'quarantined'], ['restarts', 'restarts'], ['message', 'message']];
      // The parts that need a look first; the whole list (dozens of bundles and components) folded below.
      var troubled = parts.filter(function (p) { return p.health !== 'UP' || p.quarantined || p.restarts > 0; });
      var counts = {};
      parts.forEach(function (p) { counts[p.health] = (counts[p.health] || 0) + 1; });
      health.body.appendChild(el('p', { class: 'qx-counts' }, parts.length + ' parts: ' + Object.keys(counts).map(function (h) { return counts[h] + ' ' + h; }).join(', ')
        + (troubled.length ? '; needing a look:' : '; none restarted, none quarantined')));
      if (troubled.length) { health.body.appendChild(table(troubled, columns)); }
      health.body.appendChild(el('details', { class: 'qx-all-parts' }, el('summary', { text: 'every part' }), table(parts, columns)));
      var last = (s.components || []).filter(function (p) { return p.lastIncident; }).map(function (p) {
        return { part: p.name, time: p.lastIncident.time, cause: p.lastIncident.cause, action: p.lastIncident.action, outcome: p.lastIncident.outcome };
      }).sort(function (a, b) { return a.time < b.time ? 1 : -1; });
      clear(incidents.body).appendChild(table(last, [['time', 'time'], ['part', 'part'], ['cause', 'cause'], ['action', 'action'], ['outcome', 'outcome']]));
      var r = s.resources || {};
      clear(summary).appendChild(kv({
        'CPU (process / system)': [pct(r.cpu && r.cpu.process), pct(r.cpu && r.cpu.system)].map(function (v) { return v === null ? '?' : v.toFixed(1) + ' %'; }).join(' / '),
        'heap used / max': r.heap ? Math.round(mib(r.heap.used)) + ' / ' + Math.round(mib(r.heap.max)) + ' MiB' : '?',
        'threads': r.threads,
        'disk free': r.disk ? (r.disk.free / 1073741824).toFixed(1) + ' GiB of ' + (r.disk.total / 1073741824).toFixed(1) : '?',
        'chain height': now.head ? now.head.height : '?',
        'pending transactions': now.head ? now.head.pending : '?',
        'heap outlook': outlook(r.predictions && r.predictions.heap),
        'disk outlook': outlook(r.predictions && r.predictions.disk)
      }));
      if (now.historyError) { message(chartNote, 'error', 'the node\'s history: ' + now.historyError.message); } else { clear(chartNote); }
      refreshCharts();
    }
    var busy = false, again = false;
    // At most one refresh in flight: events that arrive meanwhile (a block a second) make one more, not one each.
    function refresh() {
      if (busy) { again = true; return; }
      busy = true;
      sample().then(render, function (e) { message(health.body, 'error', e.message); }).then(function () {
        busy = false;
        if (again) { again = false; setTimeout(refresh, 2000); }
      });
    }
    refresh();
    var timer = setInterval(refresh, SAMPLE_MS);
    return {
      stop: function () { clearInterval(timer); },
      onEvent: function (type, data, id) {
        feed.insertBefore(el('li', null, el('code', { text: '#' + id }), ' ', badge(type), ' ', short(text(data).substring(0, 160))), feed.firstChild);
        while (feed.childNodes.length > 30) { feed.removeChild(feed.lastChild); }
        if (type === 'incident' || type === 'block') { refresh(); }
      }
    };
  };

  pages.chain = function (view) {
    var head = section('Head', 'qx-head');
    var blocks = section('Recent blocks', 'qx-blocks');
    var lookup = section('Look up a block, transaction or account', 'qx-lookup');
    var params = section('Parameters', 'qx-parameters');
    [head, blocks, lookup, params].forEach(function (s) { view.appendChild(s.box); });

    var query = input('key', 'text', 'height, block hash, transaction id or address');
    var go = el('button', { type: 'submit', text: 'Look up' });
    var found = el('div', { class: 'qx-result' });
    lookup.body.appendChild(el('form', { class: 'qx-form', onsubmit: function (e) {
      e.preventDefault();
      var key = query.value.trim();
      act(go, found, function () { return find(key).then(kv); });
    } }, field('Key', query), go));
    lookup.body.appendChild(found);

    function find(key) {
      if (/^\d+$/.test(key)) { return api('GET', '/chain/blocks/' + key); }
      if (/^[0-9a-f]{64}$/.test(key)) {
        return api('GET', '/chain/blocks/' + key).catch(function (e) {
          if (e.status === 404) { return api('GET', '/chain/transactions/' + key); }
          throw e;
        });
      }
      return api('GET', '/chain/accounts/' + encodeURIComponent(key));
    }

    function refresh() {
      return api('GET', '/chain/head').then(function (h) {
        clear(head.body).appendChild(kv({ height: h.height, hash: h.hash, time: new Date(h.timestampMillis).toISOString(),
          producer: h.producer, transactions: h.transactionCount, 'pending (mempool)': h.pending, minted: h.mintedQxc + ' QXC', 'model tip': h.modelTip }));
        var heights = [];
        for (var i = h.height; i >= 0 && i > h.height - 10; i--) { heights.push(i); }
        return Promise.all(heights.map(function (n) { return api('GET', '/chain/blocks/' + n); }));
      }).then(function (recent) {
        clear(blocks.body).appendChild(table(recent, [['height', 'height'], [function (b) { return el('code', { text: short(b.hash) }); }, 'hash'],
          [function (b) { return new Date(b.timestampMillis).toISOString(); }, 'time'], ['transactionCount', 'transactions'], ['size', 'bytes'],
          ['producer', 'producer'], [function (b) { return b.final ? 'final' : b.confirmations + ' conf.'; }, 'finality']]));
      }).catch(function (e) { message(head.body, 'error', e.message); });
    }
    refresh();
    api('GET', '/chain/parameters').then(function (p) { params.body.appendChild(kv(p)); }, function (e) { message(params.body, 'error', e.message); });
    var timer = setInterval(refresh, 30000);
    return {
      stop: function () { clearInterval(timer); },
      onEvent: function (type) { if (type === 'block') { refresh(); } }
    };
  };

  pages.wallets = function (view) {
    var wallets = section('Wallets', 'qx-wallets');
    view.appendChild(wallets.box);
    if (!has('operator')) {
      message(wallets.body, 'info', 'Wallets need the role operator; you are ' + session.user + ' (' + session.roles.join(', ') + ').');
      return {};
    }
    var create = section('Create a wallet', 'qx-create');
    var send = section('Send', 'qx-send');
    var parent = section('Set the parent', 'qx-parent');
    [create, send, parent].forEach(function (s) { view.appendChild(s.box); });
    var choices = [];

    function refresh() {
      return api('GET', '/wallets').then(function (answer) {
        var rows = list(answer);
        clear(wallets.body).appendChild(table(rows, [['name', 'name'], [function (w) { return el('code', { text: w.address }); }, 'address'],
          ['balanceQxc', 'balance (QXC)']]));
        choices.forEach(function (select) {
          var chosen = select.value;
          clear(select);
          rows.forEach(function (w) { select.appendChild(el('option', { value: w.name, text: w.name, selected: w.name === chosen })); });
        });
      }, function (e) { message(wallets.body, 'error', e.message); });
    }
    function walletSelect(name) { var s = el('select', { name: name }); choices.push(s); return s; }

    var newName = input('name', 'text', 'alice');
    var newPass = input('passphrase', 'password');
    var newPass2 = input('passphrase2', 'password');
    var createButton = el('button', { type: 'submit', text: 'Create' });
    var createOut = el('div', { class: 'qx-result' });
    create.body.appendChild(el('form', { class: 'qx-form', onsubmit: function (e) {
      e.preventDefault();
      act(createButton, createOut, function () {
        if (newPass.value !== newPass2.value) { throw new Error('the two passphrases differ'); }
        return api('POST', '/wallets', { name: newName.value.trim(), passphrase: newPass.value }).then(function (w) {
          newName.value = newPass.value = newPass2.value = '';
          refresh();
          return 'created ' + w.name + ' at ' + w.address;
        });
      });
    } }, field('Name', newName), field('Passphrase', newPass), field('Again', newPass2), createButton, createOut));

    var from = walletSelect('from');
    var to = input('to', 'text', 'recipient address');
    var amount = input('amount', 'text', '1.5');
    var fee = input('fee', 'text', 'optional, base units');
    var sendPass = input('passphrase', 'password');
    var sendButton = el('button', { type: 'submit', text: 'Send' });
    var sendOut = el('div', { class: 'qx-result' });
    send.body.appendChild(el('form', { class: 'qx-form', onsubmit: function (e) {
      e.preventDefault();
      act(sendButton, sendOut, function () {
        var body = { passphrase: sendPass.value, to: to.value.trim(), amount: units(amount.value) };
        if (fee.value.trim()) { body.fee = Number(fee.value.trim()); }
        return api('POST', '/wallets/' + encodeURIComponent(from.value) + '/transfers', body).then(function (tx) {
          sendPass.value = '';
          var out = el('div');
          followTransaction(tx.id, out);
          return out;
        });
      });
    } }, field('From', from), field('To', to), field('Amount (QXC)', amount), field('Fee', fee), field('Passphrase', sendPass), sendButton, sendOut));

    var child = walletSelect('wallet');
    var childPass = input('passphrase', 'password');
    var parentAddress = input('parent', 'text', 'parent address');
    var parentPass = input('parentPassphrase', 'password');
    var parentButton = el('button', { type: 'submit', text: 'Set parent' });
    var parentOut = el('div', { class: 'qx-result' });
    parent.body.appendChild(el('form', { class: 'qx-form', onsubmit: function (e) {
      e.preventDefault();
      act(parentButton, parentOut, function () {
        return api('POST', '/wallets/' + encodeURIComponent(child.value) + '/parent', { passphrase: childPass.value,
          parent: parentAddress.value.trim(), parentPassphrase: parentPass.value }).then(function (tx) {
          childPass.value = parentPass.value = '';
          var out = el('div');
          followTransaction(tx.id, out);
          return out;
        });
      });
    } }, field('Wallet', child), field('Its passphrase', childPass), field('Parent (a node wallet\'s address)', parentAddress),
      field('Parent\'s passphrase', parentPass), parentButton, parentOut));

    refresh();
    return { onEvent: function (type) { if (type === 'block') { refresh(); } } };
  };

  var EXAMPLE_CANDIDATE = '{\n  "mathematics.product-relation": {"learner": "J48", "options": []}\n}';

  pages.ai = function (view) {
    var improver = section('Improver', 'qx-improver');
    var tasks = section('Tasks and leaderboards', 'qx-tasks');
    var versions = section('Model versions', 'qx-versions');
    var submit = section('Submit a candidate', 'qx-submit');
    [improver, tasks, versions, submit].forEach(function (s) { view.appendChild(s.box); });

    api('GET', '/ai/improver').then(function (i) { improver.body.appendChild(kv(i)); }, function (e) { message(improver.body, 'error', e.message); });
    var board = el('div', { class: 'qx-result' });
    api('GET', '/ai/tasks').then(function (answer) {
      var rows = list(answer);
      tasks.body.appendChild(table(rows, [['name', 'task'], ['domain', 'domain'], ['metric', 'metric'], ['trainingRows', 'training rows'],
        [function (t) {
          return el('button', { type: 'button', class: 'qx-small', text: 'Leaderboard', onclick: function (e) {
            act(e.target, board, function () {
              return api('GET', '/ai/tasks/' + encodeURIComponent(t.name) + '/leaderboard').then(function (b) {
                return el('div', null, el('h3', { text: t.name }), el('p', { class: 'qx-note', text: b.rule || '' }), table(list(b.entries || b)));
              });
            });
          } });
        }, '']]));
      tasks.body.appendChild(board);
    }, function (e) { message(tasks.body, 'error', e.message); });

    var detail = el('div', { class: 'qx-result' });
    function loadVersions() {
      return api('GET', '/ai/versions').then(function (answer) {
        var rows = list(answer).slice().reverse();
        clear(versions.body).appendChild(table(rows, [['sequence', '#'], [function (v) { return el('code', { text: short(v.hash) }); }, 'hash'],
          ['contributor', 'contributor'], ['acceptedAt', 'accepted'],
          [function (v) {
            var buttons = [el('button', { type: 'button', class: 'qx-small', text: 'Details', onclick: function (e) {
              act(e.target, detail, function () { return api('GET', '/ai/versions/' + v.hash).then(kv); });
            } })];
            // Re-checking reads and hashes every model of the version: operators only, as the API says.
            if (has('operator')) {
              buttons.push(el('button', { type: 'button', class: 'qx-small qx-verify-version', text: 'Verify', onclick: function (e) {
                act(e.target, detail, function () {
                  return api('POST', '/ai/versions/' + v.hash + '/verify').then(function (c) {
                    return el('div', { 'data-version-intact': String(c.intact) },
                      el('p', { class: 'qx-msg ' + (c.intact ? 'qx-ok' : 'qx-error'),
                        text: 'version ' + c.sequence + ' (' + short(c.version) + '): ' + (c.intact ? 'intact' : 'BROKEN: ' + c.problem) }),
                      el('p', { class: 'qx-note', text: 'checked: ' + c.checked.join(', ') + '; not re-scored (held-out scores need the judge\'s secret data)' }));
                  });
                });
              } }));
            }
            return el('span', null, buttons);
          }, '']]));
        versions.body.appendChild(detail);
      }, function (e) { message(versions.body, 'error', e.message); });
    }
    loadVersions();

    if (!has('operator')) {
      message(submit.body, 'info', 'Submitting a candidate needs the role operator.');
    } else {
      var wallet = el('select', { name: 'wallet' });
      api('GET', '/wallets').then(function (answer) {
        list(answer).forEach(function (w) { wallet.appendChild(el('option', { value: w.name, text: w.name + ' (' + w.address.substring(0, 12) + '…)' })); });
      }, function (e) { message(submit.body, 'error', e.message); });
      var pass = input('passphrase', 'password');
      var pipelines = el('textarea', { name: 'pipelines', rows: '6', spellcheck: 'false' });
      pipelines.value = EXAMPLE_CANDIDATE;
      var button = el('button', { type: 'submit', text: 'Submit' });
      var out = el('div', { class: 'qx-result' });
      submit.body.appendChild(el('form', { class: 'qx-form', onsubmit: function (e) {
        e.preventDefault();
        act(button, out, function () {
          var parsed;
          try { parsed = JSON.parse(pipelines.value); } catch (x) { throw new Error('the pipelines are not JSON: ' + x.message); }
          return api('POST', '/ai/candidates', { wallet: wallet.value, passphrase: pass.value, pipelines: parsed }).then(function (c) {
            pass.value = '';
            var shown = el('div');
            followCandidate(c, shown);
            return shown;
          });
        });
      } }, el('p', { class: 'qx-note', text: 'One pipeline per task it changes (see GET /api/v1/ai/allow-list); signed by the node wallet chosen.' }),
        field('Signed by wallet', wallet), field('Its passphrase', pass), field('Pipelines', pipelines), button, out));
    }
    return { onEvent: function (type) { if (type === 'ai.version') { loadVersions(); } } };
  };

  pages.storage = function (view) {
    var stats = section('Store', 'qx-store');
    var backups = section('Backups', 'qx-backups');
    view.appendChild(stats.box);
    view.appendChild(backups.box);
    if (!has('admin')) {
      message(stats.body, 'info', 'Storage needs the role admin; you are ' + session.user + ' (' + session.roles.join(', ') + ').');
      backups.box.remove();
      return {};
    }
    api('GET', '/storage').then(function (s) { stats.body.appendChild(kv(s)); }, function (e) { message(stats.body, 'error', e.message); });
    var listBox = el('div');
    var out = el('div', { class: 'qx-result' });
    function refresh() {
      return api('GET', '/storage/backups').then(function (answer) {
        var rows = list(answer);
        var columns = rows.length ? Object.keys(rows[0]).filter(function (k) { return typeof rows[0][k] !== 'object'; }).map(function (k) { return [k, k]; }) : [];
        columns.push([function (b) {
          return el('button', { type: 'button', class: 'qx-small', text: 'Verify', onclick: function (e) {
            act(e.target, out, function () { return api('POST', '/storage/backups/' + encodeURIComponent(b.id) + '/verify').then(kv); });
          } });
        }, '']);
        clear(listBox).appendChild(table(rows, columns));
      }, function (e) { message(listBox, 'error', e.message); });
    }
    var take = el('button', { type: 'button', text: 'Take a backup now', onclick: function () {
      act(take, out, function () { return api('POST', '/storage/backups').then(function (b) { refresh(); return kv(b); }); });
    } });
    backups.body.appendChild(take);
    backups.body.appendChild(listBox);
    backups.body.appendChild(out);
    refresh();
    restoreSection(view);
    return {};
  };

  /**
   * A restore replaces what the chain and the AI hold in memory, so the node does it at its next
   * start, before they read the store: the page records the request and says so (docs/storage.md).
   */
  function restoreSection(view) {
    var restore = section('Restore', 'qx-restore');
    view.appendChild(restore.box);
    var pendingBox = el('div', { class: 'qx-pending-restore' });
    var out = el('div', { class: 'qx-result' });
    var backup = input('backup', 'text', 'backup id, e.g. 20261206T031500000Z-42');
    var at = input('at', 'text', 'or a time, e.g. 2026-12-06T03:00:00Z');
    var request = el('button', { type: 'submit', text: 'Restore at the next start' });
    function showPending() {
      return api('GET', '/storage/restore').then(function (answer) {
        clear(pendingBox);
        var p = answer.pending;
        pendingBox.setAttribute('data-pending', p ? (p.backup || p.at) : '');
        if (!p) { pendingBox.appendChild(el('p', { class: 'qx-note', text: 'No restore is waiting.' })); return; }
        var cancel = el('button', { type: 'button', class: 'qx-small', text: 'Withdraw', onclick: function () {
          act(cancel, out, function () { return api('DELETE', '/storage/restore').then(function () { showPending(); return 'restore withdrawn'; }); });
        } });
        pendingBox.appendChild(el('p', { class: 'qx-msg qx-info' }, 'Waiting for the next start: ' + (p.backup ? 'backup ' + p.backup : 'the store as of ' + p.at) +
          ' (requested by ' + p.requestedBy + ' at ' + p.requested + '). Restart the node to restore. ', cancel));
      }, function (e) { message(pendingBox, 'error', e.message); });
    }
    restore.body.appendChild(el('p', { class: 'qx-note', text: 'A restore replaces the whole store, the chain\'s and the AI\'s data included. '
      + 'It is not done under a running node: the request is checked now (the backup exists and verifies, or the time is not before the oldest backup) '
      + 'and done when the node next starts, before anything reads the store; the replaced files are kept in pre-restore-<time>/. '
      + 'Restart the node (bin/stop, then bin/start) to restore.' }));
    restore.body.appendChild(pendingBox);
    restore.body.appendChild(el('form', { class: 'qx-form', onsubmit: function (e) {
      e.preventDefault();
      act(request, out, function () {
        var body = backup.value.trim() ? { backup: backup.value.trim() } : { at: at.value.trim() };
        if (!window.confirm('Replace the whole store with ' + (body.backup ? 'backup ' + body.backup : 'its state as of ' + body.at) + ' at the next start?')) {
          return 'nothing requested';
        }
        return api('POST', '/storage/restore', body).then(function (answer) { showPending(); return answer.detail; });
      });
    } }, field('Backup', backup), field('Point in time', at), request, out));
    showPending();
  }

  pages.plugins = function (view) {
    var plugins = section('Plugins', 'qx-plugins');
    view.appendChild(plugins.box);
    function refresh() {
      return Promise.all([api('GET', '/plugins'), api('GET', '/status')]).then(function (answers) {
        var parts = {};
        (answers[1].components || []).forEach(function (p) { parts[p.bundleId] = parts[p.bundleId] || []; parts[p.bundleId].push(p); });
        clear(plugins.body).appendChild(table(list(answers[0]), [['name', 'plugin'], ['version', 'version'], ['bundleId', 'bundle'],
          [function (p) { return badge(p.state); }, 'state'],
          [function (p) {
            var mine = parts[p.bundleId] || [];
            return mine.length ? el('span', null, mine.map(function (part) { return el('span', { class: 'qx-part' }, badge(part.health), ' ' + part.name); })) : '—';
          }, 'health'],
          [function (p) { return (p.routes || []).map(function (r) { return typeof r === 'string' ? r : (r.method + ' ' + r.path); }).join(', '); }, 'routes'],
          ['description', 'description']]));
      }, function (e) { message(plugins.body, 'error', e.message); });
    }
    var files = has('admin') ? pluginFiles(view, function () { refresh(); }) : null;
    refresh();
    return { onEvent: function (type) { if (type === 'plugin') { refresh(); if (files) { files(); } } } };
  };

  /** The hot-deploy folder (admin): upload a jar, replace one, remove one; FileInstall does the rest. */
  function pluginFiles(view, changed) {
    var box = section('Plugin files (deploy/)', 'qx-plugin-files');
    view.appendChild(box.box);
    var listBox = el('div');
    var out = el('div', { class: 'qx-result' });
    function chooser(onChosen) {
      var picker = el('input', { type: 'file', accept: '.jar,application/java-archive', class: 'qx-hidden-file' });
      picker.addEventListener('change', function () { if (picker.files.length) { onChosen(picker.files[0]); } });
      return picker;
    }
    function later() { setTimeout(function () { refresh(); changed(); }, 3000); }
    function refresh() {
      return api('GET', '/plugins/files').then(function (rows) {
        clear(listBox).appendChild(table(rows, [['file', 'file'], ['size', 'bytes'], ['modified', 'modified'],
          [function (f) { return f.bundle ? f.bundle.symbolicName + ' ' + f.bundle.version + ' (#' + f.bundle.id + ')' : 'not installed (yet)'; }, 'bundle'],
          [function (f) { return f.bundle ? badge(f.bundle.state) : '—'; }, 'state'],
          [function (f) {
            var replace = chooser(function (jar) {
              act(remove, out, function () {
                return upload('PUT', '/plugins/files/' + encodeURIComponent(f.file), jar).then(function (r) {
                  later();
                  return 'replaced ' + r.file + ' with ' + r.symbolicName + ' ' + r.version + '; the deploy folder updates the bundle in a few seconds';
                });
              });
            });
            var remove = el('button', { type: 'button', class: 'qx-small', text: 'Remove', 'data-file': f.file, onclick: function () {
              if (!window.confirm('Remove ' + f.file + '? Its plugin is uninstalled.')) { return; }
              act(remove, out, function () {
                return api('DELETE', '/plugins/files/' + encodeURIComponent(f.file)).then(function () {
                  later();
                  return 'removed ' + f.file + '; its bundle is uninstalled in a few seconds';
                });
              });
            } });
            return el('span', { class: 'qx-row-actions' }, el('label', { class: 'qx-small qx-file-button' }, 'Update…', replace), ' ', remove);
          }, '']]));
      }, function (e) { message(listBox, 'error', e.message); });
    }
    var name = input('file', 'text', 'name in deploy/, e.g. hello.jar');
    var picker = el('input', { type: 'file', name: 'jar', accept: '.jar,application/java-archive' });
    picker.addEventListener('change', function () { if (picker.files.length && !name.value) { name.value = picker.files[0].name; } });
    var deploy = el('button', { type: 'submit', text: 'Deploy' });
    box.body.appendChild(el('form', { class: 'qx-form', onsubmit: function (e) {
      e.preventDefault();
      act(deploy, out, function () {
        if (!picker.files.length) { throw new Error('choose a jar first'); }
        var file = name.value.trim() || picker.files[0].name;
        return upload('PUT', '/plugins/files/' + encodeURIComponent(file), picker.files[0]).then(function (r) {
          later();
          return (r.replaced ? 'replaced ' : 'deployed ') + r.file + ': ' + r.symbolicName + ' ' + r.version + '; installed from deploy/ in a few seconds';
        });
      });
    } }, field('Plugin jar', picker), field('As file', name), deploy));
    box.body.appendChild(out);
    box.body.appendChild(listBox);
    box.body.appendChild(el('p', { class: 'qx-note', text: 'A plugin runs with the node\'s rights: deploy only jars you trust. Uploads are bounded by the API gateway\'s body limit (bodyKibibytes, 64 KiB by default).' }));
    refresh();
    return refresh;
  }

  pages.network = function (view) {
    var status = section('Network', 'qx-network');
    var peers = section('Peers', 'qx-peers');
    view.appendChild(status.box);
    view.appendChild(peers.box);
    function refresh() {
      api('GET', '/network/status').then(function (s) { clear(status.body).appendChild(kv(s)); }, function (e) { message(status.body, 'error', e.message); });
      api('GET', '/network/peers').then(function (answer) { clear(peers.body).appendChild(table(list(answer))); }, function (e) { message(peers.body, 'error', e.message); });
    }
    refresh();
    var timer = setInterval(refresh, 15000);
    return { stop: function () { clearInterval(timer); }, onEvent: function (type) { if (type === 'peer') { refresh(); } } };
  };

  pages.alerts = function (view) {
    var alerts = section('Alert rules', 'qx-alerts');
    view.appendChild(alerts.box);
    function refresh() {
      return api('GET', '/alerts').then(function (a) {
        clear(alerts.body).appendChild(el('p', { class: 'qx-counts', text: a.firing + ' firing of ' + list(a.alerts).length + ' rules' }));
        alerts.body.appendChild(table(list(a.alerts), [['name', 'rule'], [function (r) { return badge(r.state); }, 'state'],
          [function (r) { return badge(r.severity); }, 'severity'], ['condition', 'condition'], ['summary', 'meaning'],
          [function (r) { return r.value === null || r.value === undefined ? 'no data' : String(r.value); }, 'value'],
          ['since', 'since'], [function (r) { return r.webhook ? 'yes' : 'no'; }, 'webhook']],
          function (r) { return r.state === 'firing' ? 'qx-firing' : null; }));
        alerts.body.appendChild(el('p', { class: 'qx-note', text: 'Rules are configuration: etc/org.qenex.alert-<name>.cfg (docs/monitoring.md).' }));
      }, function (e) { message(alerts.body, 'error', e.message); });
    }
    refresh();
    var timer = setInterval(refresh, 15000);
    return { stop: function () { clearInterval(timer); }, onEvent: function (type) { if (type === 'alert') { refresh(); } } };
  };

  pages.logs = function (view) {
    var search = section('Search the node\'s recent log', 'qx-logs');
    view.appendChild(search.box);
    var level = el('select', { name: 'level' }, ['', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'].map(function (l) {
      return el('option', { value: l, text: l || 'any level' });
    }));
    var since = input('since', 'text', 'e.g. 10m, 2h (empty: all kept)');
    var grep = input('grep', 'text', 'text, logger or request id');
    var n = input('n', 'number', '100', '100');
    var go = el('button', { type: 'submit', text: 'Search' });
    var out = el('div', { class: 'qx-result' });
    function run() {
      var query = [['level', level.value], ['since', since.value.trim()], ['grep', grep.value.trim()], ['n', n.value.trim()]]
        .filter(function (q) { return q[1]; }).map(function (q) { return q[0] + '=' + encodeURIComponent(q[1]); }).join('&');
      act(go, out, function () {
        return api('GET', '/logs' + (query ? '?' + query : '')).then(function (answer) {
          var lines = list(answer.lines).slice().reverse();
          return el('div', null, el('p', { class: 'qx-note', text: lines.length + ' events, newest first; the node keeps the last '
              + answer.capacity + ' (' + answer.appended + ' logged since it started)' }),
            table(lines, [['time', 'time'], [function (l) { return badge(l.level); }, 'level'], ['bundle', 'bundle'], ['requestId', 'request'],
              [function (l) { return l.message + (l.thrown ? '\n' + l.thrown : ''); }, 'message']]));
        });
      });
    }
    search.body.appendChild(el('form', { class: 'qx-form', onsubmit: function (e) { e.preventDefault(); run(); } },
      field('Level (and worse)', level), field('Since', since), field('Containing', grep), field('At most', n), go));
    search.body.appendChild(out);
    run();
    return {};
  };

  // ---- live events ----------------------------------------------------------------------

  var liveState = el('span', { class: 'qx-live-state', id: 'qx-live-state', text: 'live: connecting' });

  function connectEvents() {
    if (typeof EventSource === 'undefined') { liveState.textContent = 'live: unsupported (polling)'; return; }
    var source = new EventSource(location.origin + API + '/events');
    source.addEventListener('open', function () { liveState.textContent = 'live: on'; liveState.className = 'qx-live-state qx-on'; });
    source.addEventListener('error', function () {
      // The browser reconnects by itself, sending Last-Event-ID; CLOSED means it gave up (no such endpoint).
      var closed = source.readyState === EventSource.CLOSED;
      liveState.textContent = closed ? 'live: off (polling)' : 'live: reconnecting';
      liveState.className = 'qx-live-state qx-off';
    });
    source.addEventListener(RESET, function () { if (current) { show(current.id); } });
    EVENT_TYPES.forEach(function (type) {
      source.addEventListener(type, function (event) {
        var payload = null;
        try { payload = JSON.parse(event.data); } catch (e) { payload = event.data; }
        watchers.forEach(function (w) { w(type, payload); });
        if (current && current.onEvent) { current.onEvent(type, payload, event.lastEventId); }
      });
    });
  }

  // ---- shell ----------------------------------------------------------------------------

  function show(id) {
    var page = PAGES.find(function (p) { return p.id === id; }) || PAGES[0];
    if (current && current.stop) { current.stop(); }
    watchers = [];
    var view = clear(document.getElementById('qx-view'));
    view.setAttribute('data-page', page.id);
    document.querySelectorAll('.qx-nav a').forEach(function (a) { a.classList.toggle('qx-active', a.getAttribute('data-page') === page.id); });
    view.appendChild(el('h1', { class: 'qx-title', text: page.title }));
    if (!has(page.role)) {
      view.appendChild(el('p', { class: 'qx-msg qx-info qx-needs-role', text: page.title + ' needs the role ' + page.role + '; you are ' +
        session.user + ' (' + session.roles.join(', ') + ').' }));
      current = { id: page.id };
      return;
    }
    current = pages[page.id](view) || {};
    current.id = page.id;
  }

  function start() {
    clear(mount);
    var bar = el('div', { class: 'qx-bar' },
      el('span', { class: 'qx-brand', text: 'QENEX' }),
      embedded ? null : el('nav', { class: 'qx-nav' }, PAGES.map(function (p) {
        return el('a', { href: '#' + p.id, 'data-page': p.id, text: p.title, class: has(p.role) ? null : 'qx-locked' });
      })),
      el('span', { class: 'qx-user', id: 'qx-user', 'data-roles': session.roles.join(' '), text: session.user + ' · ' + session.roles.join(', ') }),
      liveState);
    mount.appendChild(bar);
    mount.appendChild(el('main', { id: 'qx-view', class: 'qx-view' }));
    connectEvents();
    if (embedded) {
      show(mount.getAttribute('data-page'));
    } else {
      window.addEventListener('hashchange', function () { show(location.hash.substring(1)); });
      show(location.hash.substring(1));
    }
  }

  api('GET', '/session').then(function (s) {
    session = s;
    start();
  }, function (e) {
    clear(mount).appendChild(el('div', { class: 'qx-login' },
      el('p', { class: 'qx-msg qx-error', text: e.status === 401 ? 'Not logged in: the node refused the login.'
        : e.status === 403 ? 'This user has none of the node\'s roles (admin, operator, viewer).' : 'The node did not answer: ' + e.message }),
      el('button', { type: 'button', text: 'Try again', onclick: function () { location.reload(); } })));
  });
})();
