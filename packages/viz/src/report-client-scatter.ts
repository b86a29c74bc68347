/**
 * The report script's scatter map (a part of the report script, plain ES2017): points from the
 * section's JSON, colour-by selector and legend, hover tooltip, zoom and pan, search and
 * highlight of a point and its nearest neighbours. Uses the helpers the enclosing script defines
 * (`esc`, `json`, `fmtNum`, `svgPoint`).
 */
export const SCATTER_SCRIPT = String.raw`
  function Scatter(root) {
    var d = json(root.getAttribute('data-source'));
    var n = d.n, W = d.w, H = d.h, R = d.radius, K = d.k;
    var host = root.querySelector('.plot');
    var tip = root.querySelector('.tip');
    var legend = root.querySelector('.legend');
    var info = root.querySelector('.selection');
    var select = root.querySelector('select.colour-by');
    var search = root.querySelector('input.search');
    var links = root.querySelectorAll('a.download');
    var dyn = root.querySelector('style.dyn');
    var parts = ['<svg class="map" viewBox="0 0 ' + W + ' ' + H + '" role="img" aria-label="' + esc(d.title) + '">',
      '<rect class="bg" width="' + W + '" height="' + H + '"></rect><g class="viewport"><g class="pts">'];
    for (var t = 0; t < n; t++) {
      var i = d.order[t];
      parts.push('<circle data-i="' + i + '" cx="' + d.x[i] + '" cy="' + d.y[i] + '"></circle>');
    }
    parts.push('</g><g class="links"></g><g class="hl"></g><g class="hover"></g></g></svg>');
    host.insertAdjacentHTML('afterbegin', parts.join(''));
    var svg = host.querySelector('svg');
    var viewport = svg.querySelector('.viewport');
    var gLinks = svg.querySelector('.links'), gHl = svg.querySelector('.hl'), gHover = svg.querySelector('.hover');
    var circles = new Array(n);
    Array.prototype.forEach.call(svg.querySelectorAll('.pts circle'), function (c) { circles[+c.getAttribute('data-i')] = c; });
    var view = { k: 1, tx: 0, ty: 0 };
    var state = { colouring: 0, selected: -1, hover: -1, only: null };

    // uniform grid over plot coordinates for nearest-point lookups
    var G = 16, grid = {};
    for (var g = 0; g < n; g++) {
      var key = Math.floor(d.x[g] / G) + ':' + Math.floor(d.y[g] / G);
      (grid[key] || (grid[key] = [])).push(g);
    }
    function nearest(px, py, radius) {
      var best = -1, bestD = radius * radius;
      var c0 = Math.floor((px - radius) / G), c1 = Math.floor((px + radius) / G);
      var r0 = Math.floor((py - radius) / G), r1 = Math.floor((py + radius) / G);
      for (var cx = c0; cx <= c1; cx++) for (var cy = r0; cy <= r1; cy++) {
        var cell = grid[cx + ':' + cy];
        if (!cell) continue;
        for (var m = 0; m < cell.length; m++) {
          var j = cell[m];
          if (state.only && !state.only[code(j)]) continue;
          var dx = d.x[j] - px, dy = d.y[j] - py, dd = dx * dx + dy * dy;
          if (dd <= bestD) { bestD = dd; best = j; }
        }
      }
      return best;
    }
    function colouring() { return d.colourings[state.colouring]; }
    function code(i) { var c = colouring(); return c.kind === 'categorical' ? c.codes[i] : 0; }
    function colourOf(i) {
      var c = colouring();
      return c.kind === 'categorical' ? c.legend[c.codes[i]].colour : c.colours[i];
    }
    function valueText(i) {
      var c = colouring();
      if (!c) return '';
      return esc(c.name) + ': <b>' + esc(c.kind === 'categorical' ? c.legend[c.codes[i]].label : fmtNum(c.values[i])) + '</b>';
    }
    function applyView() {
      viewport.setAttribute('transform', 'translate(' + view.tx + ' ' + view.ty + ') scale(' + view.k + ')');
      dyn.textContent = '#' + root.id + ' .pts circle{r:' + (R / view.k) + 'px}';
      drawSelection();
      drawHover();
    }
    function zoomAt(px, py, factor) {
      var k = Math.max(0.5, Math.min(60, view.k * factor));
      view.tx = px - (px - view.tx) * (k / view.k);
      view.ty = py - (py - view.ty) * (k / view.k);
      view.k = k;
      applyView();
    }
    function reset() { view.k = 1; view.tx = 0; view.ty = 0; applyView(); }

    function applyColouring() {
      var c = colouring();
      for (var i = 0; i < n; i++) circles[i].setAttribute('fill', colourOf(i));
      state.only = null;
      svg.classList.remove('isolate');
      for (var j = 0; j < n; j++) circles[j].classList.remove('off');
      if (!c) { legend.innerHTML = ''; return; }
      if (c.kind === 'categorical') {
        legend.innerHTML = '<div class="legend-title">' + esc(c.name) + ' <span class="hint">click to isolate</span></div>' +
          c.legend.map(function (e, m) {
            return '<button type="button" class="cat" data-code="' + m + '"><span class="sw" style="background:' + e.colour + '"></span>' +
              esc(e.label) + ' <span class="count">' + e.count + '</span></button>';
          }).join('');
      } else {
        legend.innerHTML = '<div class="legend-title">' + esc(c.name) + '</div><div class="bar" style="background:linear-gradient(to right,' +
          c.stops.join(',') + ')"></div><div class="bar-labels"><span>' + fmtNum(c.domain[0]) + '</span><span>' + fmtNum(c.domain[1]) + '</span></div>';
      }
      for (var l = 0; l < links.length; l++) {
        var a = links[l];
        a.setAttribute('href', c.files[a.getAttribute('data-format')]);
      }
      drawSelection();
    }
    legend.addEventListener('click', function (e) {
      var b = e.target.closest('button.cat');
      if (!b) return;
      var m = +b.getAttribute('data-code');
      if (!state.only) state.only = {};
      if (state.only[m]) delete state.only[m]; else state.only[m] = true;
      if (Object.keys(state.only).length === 0) state.only = null;
      svg.classList.toggle('isolate', !!state.only);
      for (var i = 0; i < n; i++) circles[i].classList.toggle('off', !!state.only && !state.only[code(i)]);
      Array.prototype.forEach.call(legend.querySelectorAll('button.cat'), function (x) {
        x.classList.toggle('on', !!state.only && !!state.only[+x.getAttribute('data-code')]);
      });
    });

    function ring(i, r, cls) {
      return '<circle class="' + cls + '" cx="' + d.x[i] + '" cy="' + d.y[i] + '" r="' + (r / view.k) + '" fill="' + colourOf(i) + '"></circle>';
    }
    function neighbours(i) { return d.nbr.slice(i * K, i * K + K); }
    function drawSelection() {
      var s = state.selected;
      if (s < 0) { gLinks.innerHTML = ''; gHl.innerHTML = ''; svg.classList.remove('focus'); return; }
      var nb = neighbours(s);
      gLinks.innerHTML = nb.map(function (j) {
        return '<line x1="' + d.x[s] + '" y1="' + d.y[s] + '" x2="' + d.x[j] + '" y2="' + d.y[j] + '"></line>';
      }).join('');
      gHl.innerHTML = nb.map(function (j) { return ring(j, R + 1.5, 'nbr'); }).join('') + ring(s, R + 3, 'sel');
      svg.classList.add('focus');
    }
    function drawHover() {
      gHover.innerHTML = state.hover < 0 ? '' : '<circle cx="' + d.x[state.hover] + '" cy="' + d.y[state.hover] + '" r="' + ((R + 4) / view.k) + '"></circle>';
    }
    function selectPoint(i, centre) {
      state.selected = i;
      var nb = neighbours(i);
      info.innerHTML = '<div class="sel-head"><span class="dot" style="background:' + colourOf(i) + '"></span><b>' + esc(d.labels[i]) + '</b> ' +
        '<span class="muted">' + valueText(i) + '</span> <button type="button" class="clear">clear</button></div>' +
        '<div class="muted">' + nb.length + ' nearest neighbours' + (d.neighbourSource ? ' (' + esc(d.neighbourSource) + ')' : '') + ':</div><ol class="nbrs">' +
        nb.map(function (j) {
          return '<li><button type="button" class="goto" data-i="' + j + '"><span class="dot" style="background:' + colourOf(j) + '"></span>' + esc(d.labels[j]) + '</button></li>';
        }).join('') + '</ol>';
      if (centre) {
        // frame the point and its neighbours: zoom in when they sit in a small part of the map
        var xs = [d.x[i]], ys = [d.y[i]];
        nb.forEach(function (j) { xs.push(d.x[j]); ys.push(d.y[j]); });
        var bx0 = Math.min.apply(null, xs), bx1 = Math.max.apply(null, xs);
        var by0 = Math.min.apply(null, ys), by1 = Math.max.apply(null, ys);
        var k = Math.min(12, 0.45 * W / Math.max(bx1 - bx0, 1), 0.45 * H / Math.max(by1 - by0, 1));
        view.k = Math.max(1, k);
        view.tx = W / 2 - view.k * (bx0 + bx1) / 2;
        view.ty = H / 2 - view.k * (by0 + by1) / 2;
      }
      applyView();
    }
    function clearSelection() {
      state.selected = -1;
      info.innerHTML = '<span class="muted">Hover a point to see its label; click it, or search (press / to jump to the box), to show its ' + K + ' nearest neighbours.</span>';
      drawSelection();
    }
    info.addEventListener('click', function (e) {
      var b = e.target.closest('button');
      if (!b) return;
      if (b.classList.contains('clear')) { clearSelection(); search.value = ''; return; }
      if (b.classList.contains('goto')) { var j = +b.getAttribute('data-i'); search.value = d.labels[j]; selectPoint(j, true); }
    });

    function find(q) {
      q = q.trim().toLowerCase();
      if (!q) { clearSelection(); return; }
      var lower = d.labels.map(function (l) { return String(l).toLowerCase(); });
      var i = lower.indexOf(q);
      if (i < 0) for (var a = 0; a < n && i < 0; a++) if (lower[a].indexOf(q) === 0) i = a;
      if (i < 0) for (var b = 0; b < n && i < 0; b++) if (lower[b].indexOf(q) >= 0) i = b;
      if (i < 0) {
        state.selected = -1; drawSelection();
        info.innerHTML = '<span class="warn">No point matches “' + esc(q) + '”.</span>';
        return;
      }
      selectPoint(i, true);
    }
    search.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { e.preventDefault(); find(search.value); }
      if (e.key === 'Escape') { search.value = ''; clearSelection(); }
    });
    search.addEventListener('change', function () { find(search.value); });
    root.querySelector('button.find').addEventListener('click', function () { find(search.value); });
    if (select) select.addEventListener('change', function () { state.colouring = +select.value; applyColouring(); });
    root.querySelector('button.zoom-in').addEventListener('click', function () { zoomAt(W / 2, H / 2, 1.5); });
    root.querySelector('button.zoom-out').addEventListener('click', function () { zoomAt(W / 2, H / 2, 1 / 1.5); });
    root.querySelector('button.reset').addEventListener('click', reset);

    // pointer: hover, drag to pan, click to select; wheel to zoom
    var drag = null;
    svg.addEventListener('wheel', function (e) {
      e.preventDefault();
      var p = svgPoint(svg, e);
      zoomAt(p.x, p.y, Math.exp(-e.deltaY * 0.0015));
    }, { passive: false });
    svg.addEventListener('dblclick', function (e) { e.preventDefault(); reset(); });
    svg.addEventListener('pointerdown', function (e) {
      var p = svgPoint(svg, e);
      drag = { x: p.x, y: p.y, tx: view.tx, ty: view.ty, moved: false };
    });
    window.addEventListener('pointerup', function (e) {
      if (!drag) return;
      var wasDrag = drag.moved;
      drag = null;
      svg.classList.remove('dragging');
      if (!wasDrag && e.target && svg.contains(e.target)) {
        var p = svgPoint(svg, e);
        var i = nearest((p.x - view.tx) / view.k, (p.y - view.ty) / view.k, 12 / view.k);
        if (i >= 0) { search.value = d.labels[i]; selectPoint(i, false); }
      }
    });
    svg.addEventListener('pointermove', function (e) {
      var p = svgPoint(svg, e);
      if (drag) {
        var dx = p.x - drag.x, dy = p.y - drag.y;
        if (drag.moved || dx * dx + dy * dy > 9) {
          drag.moved = true;
          svg.classList.add('dragging');
          view.tx = drag.tx + dx; view.ty = drag.ty + dy;
          applyView();
        }
        hideTip();
        return;
      }
      var i = nearest((p.x - view.tx) / view.k, (p.y - view.ty) / view.k, 12 / view.k);
      if (i < 0) { hideTip(); return; }
      state.hover = i;
      drawHover();
      tip.innerHTML = '<div class="tip-label">' + esc(d.labels[i]) + '</div><div>' + valueText(i) + '</div>';
      tip.hidden = false;
      var box = host.getBoundingClientRect();
      var x = e.clientX - box.left + 14, y = e.clientY - box.top + 14;
      if (x + tip.offsetWidth > box.width) x = e.clientX - box.left - tip.offsetWidth - 14;
      if (y + tip.offsetHeight > box.height) y = e.clientY - box.top - tip.offsetHeight - 14;
      tip.style.left = x + 'px';
      tip.style.top = y + 'px';
    });
    svg.addEventListener('pointerleave', hideTip);
    function hideTip() { tip.hidden = true; if (state.hover >= 0) { state.hover = -1; drawHover(); } }

    applyColouring();
    clearSelection();
    applyView();
    MAPS.push({ root: root, has: function (label) { return d.labels.indexOf(label) >= 0; }, show: function (label) { search.value = label; find(label); } });
  }`;
