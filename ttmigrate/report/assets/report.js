(function(){
  'use strict';
  var body = document.getElementById('kernels').tBodies[0];
  var rows = Array.prototype.slice.call(body.querySelectorAll('tr.kernel-row'));
  var byName = {};
  rows.forEach(function(row){ byName[row.getAttribute('data-kernel')] = row; });
  var cat = document.getElementById('f-category'), fam = document.getElementById('f-family');
  var search = document.getElementById('f-search'), shown = document.getElementById('shown');
  var notice = document.getElementById('notice');
  var state = {kernel: '', category: '', family: '', q: '', sort: ''};
  var SORT_KEYS = {kernel: 1, family: 1, category: 1, level: 1, template: 1, ir: 1, change: 1, reason: 1};

  /* The fragment, read defensively: a malformed part (e.g. %E0%A4%A) is ignored and named,
     never thrown, so the rest of the page still works. */
  function readHash(){
    var parsed = {kernel: '', category: '', family: '', q: '', sort: ''}, bad = [];
    location.hash.replace(/^#/, '').split('&').forEach(function(part){
      if (!part) { return; }
      var at = part.indexOf('='), key = at < 0 ? part : part.slice(0, at), raw = at < 0 ? '' : part.slice(at + 1);
      var value;
      try { value = decodeURIComponent(raw.replace(/\+/g, ' ')); } catch (e) { bad.push(part); return; }
      if (Object.prototype.hasOwnProperty.call(parsed, key)) { parsed[key] = value; }
    });
    notice.hidden = bad.length === 0;
    notice.textContent = bad.length ? 'ignored a malformed link part: ' + bad.join(', ') : '';
    return parsed;
  }
  function writeHash(){
    var parts = [];
    ['kernel', 'category', 'family', 'q', 'sort'].forEach(function(key){
      if (state[key]) { parts.push(key + '=' + encodeURIComponent(state[key])); }
    });
    var hash = parts.length ? '#' + parts.join('&') : '';
    if (location.hash !== hash && history.replaceState) {
      history.replaceState(null, '', hash || location.pathname + location.search);
    }
  }
  function detailOf(row){ return row.nextElementSibling; }
  var el = TTDiff.el;
  function table(head, rows){
    var t = el('table'), tr = el('tr');
    head.forEach(function(h){ tr.appendChild(el('th', '', h)); });
    t.appendChild(tr);
    rows.forEach(function(cells){ var r = el('tr'); cells.forEach(function(c){ r.appendChild(c); }); t.appendChild(r); });
    return t;
  }
  function cell(tag, text, cls){ return el(tag, cls || '', text); }
  function list(items){
    var ul = el('ul');
    (items.length ? items : ['none']).forEach(function(text){ ul.appendChild(el('li', '', text)); });
    return ul;
  }
  /* The drill-down, built from its payload (html.py's drill_down) when it first opens: every piece
     of kernel text goes in with textContent, none is parsed as markup. */
  function buildDetail(td, view, name){
    var d = view.detail, head = el('p'), link = el('a', 'permalink', 'link');
    td.textContent = '';
    head.appendChild(el('b', '', d.category));
    head.appendChild(document.createTextNode(': ' + d.reason + ' '));
    link.href = '#kernel=' + encodeURIComponent(name);
    head.appendChild(link);
    td.appendChild(head);
    d.notes.forEach(function(n){ td.appendChild(el('p', '', 'note: ' + n)); });
    if (d.root_cause) { var rc = el('p', '', 'root cause: '); rc.appendChild(el('code', '', d.root_cause)); td.appendChild(rc); }
    if (d.expected_divergence) { td.appendChild(el('p', '', 'expected divergence: ' + d.expected_divergence)); }
    if (d.change) { td.appendChild(el('p', '', 'since baseline: ' + d.change)); }
    if (d.local_files.length) {
      var lf = el('p', 'local-files', 'also built from: ');
      d.local_files.forEach(function(f, i){ if (i) { lf.appendChild(document.createTextNode(', ')); } lf.appendChild(el('code', '', f)); });
      td.appendChild(lf);
    }
    d.unsupported.forEach(function(u){
      var p = el('p', 'unsupported', u[0] + ' unsupported: ');
      p.appendChild(el('code', '', u[1]));
      p.appendChild(document.createTextNode(u[2]));
      td.appendChild(p);
    });
    d.errors.forEach(function(e){
      td.appendChild(el('h3', '', 'Error in ' + e[0] + ': ' + e[1]));
      td.appendChild(el('p', '', e[2]));
      td.appendChild(el('pre', 'log', e[3]));
    });
    if (d.parity.length) {
      td.appendChild(el('h3', '', 'Semantic differences (template \u2192 ir_driven)'));
      td.appendChild(table(['artifact', 'level', 'differences'], d.parity.map(function(p){
        var diffs = el('td');
        diffs.appendChild(list(p[2]));
        if (p[3].length) {
          var det = el('details');
          det.appendChild(el('summary', '', 'edit script (' + p[3].length + ')'));
          det.appendChild(el('pre', 'edit', p[3].join('\n')));
          diffs.appendChild(det);
        }
        return [cell('td', p[0]), cell('td', p[1]), diffs];
      })));
    }
    td.appendChild(el('h3', '', 'Protocol findings'));
    td.appendChild(d.findings.length ? table(['mode', 'artifact', 'line', 'rule', 'message'], d.findings.map(function(f){
      return [cell('td', f[0]), cell('td', f[1]), cell('td', f[2], 'num'), cell('td', f[3]), cell('td', f[4])];
    })) : el('p', '', 'none'));
    td.appendChild(el('h3', '', 'Emulation'));
    td.appendChild(table(['mode', 'emulation', 'max abs err', 'max rel err', 'PCC', 'detail', 'snapshots', 'time'],
      d.emulation.map(function(r){ return r.map(function(text, i){ return cell(i ? 'td' : 'th', text); }); })));
    if (view.artifacts.length || view.reasons.some(Boolean)) {
      td.appendChild(el('h3', '', 'Normalised artifacts, side by side'));
      var sbs = el('div', 'sbs');
      td.appendChild(sbs);
      TTDiff.render(sbs, view);
      sbs.setAttribute('data-loaded', '1');
    }
  }
  /* Decompressed and built once, on first open; a payload that cannot be read is named in the
     drill-down and never stops the page. */
  var payloads = null;
  /* Row i's payload: line i of the #payloads data block, split once, on the first open. */
  function payload(index){
    if (payloads === null) {
      var holder = document.getElementById('payloads');
      payloads = holder ? holder.textContent.split('\n') : [];
    }
    var z = payloads[index];
    if (!z) { throw new Error('no payload for row ' + index); }
    return z;
  }
  function load(row){
    var td = detailOf(row).cells[0];
    if (td.getAttribute('data-loaded')) { return; }
    td.setAttribute('data-loaded', 'pending');
    td.appendChild(el('p', 'loading', 'loading\u2026'));
    TTDiff.loadShapes().then(function(){ return TTDiff.inflate(payload(Number(td.getAttribute('data-p')))); }).then(function(view){
      buildDetail(td, view, row.getAttribute('data-kernel'));
      td.setAttribute('data-loaded', '1');
    }).catch(function(err){
      td.textContent = '';
      td.appendChild(el('p', 'reason', 'cannot show this drill-down: ' + err));
      td.setAttribute('data-loaded', 'error');
    });
  }
  function openDetail(row, open){
    detailOf(row).hidden = !open;
    if (open) { load(row); }
  }
  function sortRows(){
    var key = state.sort.replace(/^-/, ''), desc = state.sort.charAt(0) === '-';
    document.querySelectorAll('button.sort').forEach(function(b){
      b.removeAttribute('data-dir');
      if (b.getAttribute('data-sort') === key) { b.setAttribute('data-dir', desc ? 'desc' : 'asc'); }
    });
    if (!SORT_KEYS[key]) { return; }
    var attr = key === 'category' ? 'data-order' : 'data-' + key;
    var sorted = rows.slice().sort(function(a, b){
      var x = a.getAttribute(attr) || '', y = b.getAttribute(attr) || '';
      var c = key === 'category' ? Number(x) - Number(y) : x.localeCompare(y);
      if (c === 0) { c = a.getAttribute('data-kernel').localeCompare(b.getAttribute('data-kernel')); }
      return desc ? -c : c;
    });
    sorted.forEach(function(row){ var d = detailOf(row); body.appendChild(row); body.appendChild(d); });
    rows = sorted;
  }
  function apply(){
    var q = state.q.toLowerCase(), n = 0;
    rows.forEach(function(row){
      var ok = (!state.category || row.getAttribute('data-category') === state.category) &&
               (!state.family || row.getAttribute('data-family') === state.family) &&
               (!q || row.getAttribute('data-search').indexOf(q) >= 0);
      row.hidden = !ok;
      if (!ok) { detailOf(row).hidden = true; }
      if (ok) { n++; }
    });
    shown.textContent = n + ' of ' + rows.length + ' kernels shown';
  }
  function fromHash(){
    var parsed = readHash();
    state.category = selectValue(cat, parsed.category);
    state.family = selectValue(fam, parsed.family);
    state.q = parsed.q; search.value = parsed.q;
    state.sort = parsed.sort;
    sortRows();
    apply();
    if (parsed.kernel && byName[parsed.kernel]) {
      var row = byName[parsed.kernel];
      state.kernel = parsed.kernel;
      if (row.hidden) { state.category = ''; state.family = ''; state.q = ''; cat.value = ''; fam.value = ''; search.value = ''; apply(); }
      rows.forEach(function(r){ if (r !== row && !detailOf(r).hidden && r.getAttribute('data-kernel') === state.kernel) { openDetail(r, false); } });
      openDetail(row, true);
      row.scrollIntoView();
    } else { state.kernel = ''; }
    writeHash();
  }
  function selectValue(select, value){
    var ok = Array.prototype.some.call(select.options, function(o){ return o.value === value; });
    select.value = ok ? value : '';
    return select.value;
  }
  cat.addEventListener('change', function(){ state.category = cat.value; apply(); writeHash(); });
  fam.addEventListener('change', function(){ state.family = fam.value; apply(); writeHash(); });
  search.addEventListener('input', function(){ state.q = search.value; apply(); writeHash(); });
  document.querySelectorAll('button.sort').forEach(function(b){
    b.addEventListener('click', function(){
      var key = b.getAttribute('data-sort');
      state.sort = state.sort === key ? '-' + key : key;
      sortRows(); apply(); writeHash();
    });
  });
  function toggle(row){
    var open = detailOf(row).hidden;
    openDetail(row, open);
    state.kernel = open ? row.getAttribute('data-kernel') : '';
    writeHash();
  }
  /* One listener for all rows (10,000 kernels: not 20,000 closures built on load). */
  function rowOf(event){
    var row = event.target.closest ? event.target.closest('tr') : null;
    return row && row.parentNode === body && row.classList.contains('kernel-row') ? row : null;
  }
  body.addEventListener('click', function(e){ var row = rowOf(e); if (row) { toggle(row); } });
  body.addEventListener('keydown', function(e){ var row = rowOf(e); if (row && e.key === 'Enter') { toggle(row); } });
  window.addEventListener('hashchange', fromHash);
  fromHash();
  document.body.setAttribute('data-ready', '1');
})();
