/* Side-by-side view of two texts: line numbers, Pygments classes (looked up by line shape, see
   ttmigrate/report/render/highlight.py), lines aligned by a line diff (LCS), wrapped, one table.
   Builds elements with textContent only. Shared by the HTML report and `snapshot review --web`. */
var TTDiff = (function(){
  'use strict';
  function inflate(b64){
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse);
  }
  var shapes = {cpp: {}, json: {}};
  function setShapes(table){ shapes = table; }
  function langOf(name){ return /\.json$/.test(name) ? 'json' : 'cpp'; }
  function linesOf(text){ return text === null || text === undefined ? [] : text.replace(/\n$/, '').split('\n'); }
  /* Pairs [i, j] of equal lines (an LCS), in order. Common ends first; the middle by dynamic
     programming, or position by position when it is too large to align. */
  function align(a, b){
    var n = a.length, m = b.length, start = 0, pairs = [], tail = [];
    while (start < n && start < m && a[start] === b[start]) { pairs.push([start, start]); start++; }
    var ea = n, eb = m;
    while (ea > start && eb > start && a[ea - 1] === b[eb - 1]) { ea--; eb--; tail.unshift([ea, eb]); }
    var rows = ea - start, cols = eb - start;
    if (rows > 0 && cols > 0 && rows * cols <= 4000000) {
      var w = cols + 1, dp = new Uint32Array((rows + 1) * w);
      for (var i = rows - 1; i >= 0; i--) {
        for (var j = cols - 1; j >= 0; j--) {
          dp[i * w + j] = a[start + i] === b[start + j] ? dp[(i + 1) * w + j + 1] + 1
            : Math.max(dp[(i + 1) * w + j], dp[i * w + j + 1]);
        }
      }
      var x = 0, y = 0;
      while (x < rows && y < cols) {
        if (a[start + x] === b[start + y]) { pairs.push([start + x, start + y]); x++; y++; }
        else if (dp[(x + 1) * w + y] >= dp[x * w + y + 1]) { x++; } else { y++; }
      }
    }
    return pairs.concat(tail);
  }
  /* Rows [kind, leftIndex|null, rightIndex|null]: kind same / change / del / add. */
  function rowsOf(left, right){
    var a = left, b = right, out = [];
    var pairs = align(a, b).concat([[a.length, b.length]]), i = 0, j = 0;
    pairs.forEach(function(p){
      var dels = p[0] - i, adds = p[1] - j, both = Math.min(dels, adds), k;
      for (k = 0; k < both; k++) { out.push(['change', i + k, j + k]); }
      for (k = both; k < dels; k++) { out.push(['del', i + k, null]); }
      for (k = both; k < adds; k++) { out.push(['add', null, j + k]); }
      if (p[0] < a.length) { out.push(['same', p[0], p[1]]); }
      i = p[0] + 1; j = p[1] + 1;
    });
    return out;
  }
  function el(tag, cls, content){
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (content !== undefined) { e.textContent = content; }
    return e;
  }
  function codeCell(side, line, lang){
    var td = el('td', side + ' code');
    if (line === null) { return td; }
    var shape = (shapes[lang] || {})[line.replace(/[1-9]/g, '1')] || [], at = 0;
    for (var i = 0; i < shape.length; i += 3) {
      if (shape[i] > at) { td.appendChild(document.createTextNode(line.slice(at, shape[i]))); }
      td.appendChild(el('span', shape[i + 2], line.slice(shape[i], shape[i + 1])));
      at = shape[i + 1];
    }
    if (at < line.length) { td.appendChild(document.createTextNode(line.slice(at))); }
    return td;
  }
  function table(labels, left, right, lang){
    var t = el('table', 'diff hl'), cols = el('colgroup');
    ['ln', 'code', 'ln', 'code'].forEach(function(c){ cols.appendChild(el('col', c)); });
    t.appendChild(cols);
    var head = el('tr');
    head.appendChild(el('th', '', '')); head.appendChild(el('th', '', labels[0]));
    head.appendChild(el('th', '', '')); head.appendChild(el('th', '', labels[1]));
    t.appendChild(head);
    rowsOf(left, right).forEach(function(r){
      var tr = el('tr', r[0]);
      tr.appendChild(el('td', 'ln left', r[1] === null ? '' : String(r[1] + 1)));
      tr.appendChild(codeCell('left', r[1] === null ? null : left[r[1]], lang));
      tr.appendChild(el('td', 'ln right', r[2] === null ? '' : String(r[2] + 1)));
      tr.appendChild(codeCell('right', r[2] === null ? null : right[r[2]], lang));
      t.appendChild(tr);
    });
    return t;
  }
  /* view: {labels: [l, r], reasons: [l|null, r|null], artifacts: [{name, level, left, right, same}]},
     left / right the artifact's text or null; same: true when right is left's text (sent once) */
  function render(container, view){
    container.textContent = '';
    view.reasons.forEach(function(reason, side){
      if (reason) { container.appendChild(el('p', 'reason', view.labels[side] + ': ' + reason)); }
    });
    view.artifacts.forEach(function(art, index){
      var d = el('details');
      d.open = index === 0 || (art.level !== null && art.level !== undefined && art.level.charAt(0) !== 'L');
      d.appendChild(el('summary', '', art.name + (art.level ? ' — ' + art.level : '')));
      var right = art.same ? art.left : art.right;  /* same: identical in both modes, sent once */
      d.appendChild(table(view.labels, linesOf(art.left), linesOf(right), langOf(art.name)));
      container.appendChild(d);
    });
  }
  var shapesLoaded = null;
  /* The page's shape table: inline in #shapes[data-z], decompressed once. */
  function loadShapes(){
    if (!shapesLoaded) {
      var holder = document.getElementById('shapes');
      shapesLoaded = holder ? inflate(holder.getAttribute('data-z')).then(setShapes) : Promise.resolve();
    }
    return shapesLoaded;
  }
  function load(container){
    if (container.getAttribute('data-loaded')) { return Promise.resolve(); }
    container.setAttribute('data-loaded', 'pending');
    return loadShapes().then(function(){ return inflate(container.getAttribute('data-z')); }).then(function(view){
      render(container, view);
      container.setAttribute('data-loaded', '1');
      return view;
    }).catch(function(err){
      container.textContent = '';
      container.appendChild(el('p', 'reason', 'cannot show the artifacts: ' + err));
      container.setAttribute('data-loaded', 'error');
    });
  }
  return {inflate: inflate, align: align, rowsOf: rowsOf, render: render, load: load, setShapes: setShapes,
          loadShapes: loadShapes, el: el};
})();
