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
  /* The drill-down's long texts (differences, tracebacks, edit scripts) travel in its compressed
     payload: a <ul> gets one <li> per string, a <pre> the text. */
  function fillTexts(detail, texts){
    Array.prototype.forEach.call(detail.querySelectorAll('[data-part]'), function(node){
      var value = (texts[node.getAttribute('data-part')] || [])[Number(node.getAttribute('data-index'))];
      if (node.tagName === 'UL') {
        node.textContent = '';
        (Array.isArray(value) ? value : []).forEach(function(text){
          var li = document.createElement('li');
          li.textContent = text;
          node.appendChild(li);
        });
      } else {
        node.textContent = typeof value === 'string' ? value : '';
      }
    });
  }
  function openDetail(row, open){
    var d = detailOf(row);
    d.hidden = !open;
    if (open) {
      var sbs = d.querySelector('.sbs[data-z]');
      if (sbs) { TTDiff.load(sbs).then(function(view){ if (view) { fillTexts(d, view.texts || {}); } }); }
    }
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
  rows.forEach(function(row){
    function toggle(){
      var open = detailOf(row).hidden;
      openDetail(row, open);
      state.kernel = open ? row.getAttribute('data-kernel') : '';
      writeHash();
    }
    row.addEventListener('click', toggle);
    row.addEventListener('keydown', function(e){ if (e.key === 'Enter') { toggle(); } });
  });
  window.addEventListener('hashchange', fromHash);
  fromHash();
  document.body.setAttribute('data-ready', '1');
})();
