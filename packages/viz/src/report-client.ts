import { SCATTER_SCRIPT } from './report-client-scatter';

/**
 * The script of the HTML report (plain ES2017, no dependencies, inlined into the page).
 * Scatter maps: draws the points from the section's JSON, colour-by selector and legend (click a
 * category to isolate it), hover tooltip, wheel/drag/button zoom and pan, click or search to
 * highlight a point and its nearest neighbours. Line charts: a guide line and a tooltip with
 * every series' value at the epoch under the pointer.
 */
export const REPORT_SCRIPT = String.raw`
(function () {
  'use strict';
  var ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return ESC[c]; }); }
  function json(id) { return JSON.parse(document.getElementById(id).textContent); }
  function fmtNum(v) {
    if (typeof v !== 'number' || !isFinite(v)) return String(v);
    if (Number.isInteger(v)) return String(v);
    var a = Math.abs(v);
    if (a >= 1e6 || a < 1e-4) return v.toExponential(2);
    return String(Number(v.toPrecision(4)));
  }
  function svgPoint(svg, e) {
    var pt = svg.createSVGPoint();
    pt.x = e.clientX; pt.y = e.clientY;
    return pt.matrixTransform(svg.getScreenCTM().inverse());
  }
${SCATTER_SCRIPT}
  var MAPS = [];

  // titles in neighbour cards open the first map that has them, with the item selected
  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('button.in-map');
    if (!b) return;
    var label = b.getAttribute('data-label');
    for (var m = 0; m < MAPS.length; m++) {
      if (MAPS[m].has(label)) {
        MAPS[m].root.scrollIntoView({ behavior: 'smooth', block: 'start' });
        MAPS[m].show(label);
        return;
      }
    }
  });

  function Lines(root) {
    var d = json(root.getAttribute('data-source'));
    var svg = root.querySelector('svg');
    var tip = root.querySelector('.tip');
    var layer = svg.querySelector('.guide-layer');
    var L = d.layout;
    var xs = [];
    d.series.forEach(function (s) { s.x.forEach(function (x) { if (xs.indexOf(x) < 0) xs.push(x); }); });
    xs.sort(function (a, b) { return a - b; });
    function px(x) { return L.left + (x - L.xDomain[0]) / (L.xDomain[1] - L.xDomain[0]) * (L.right - L.left); }
    function py(v) { var t = L.logY ? Math.log(v) / Math.LN10 : v; return L.bottom - (t - L.yDomain[0]) / (L.yDomain[1] - L.yDomain[0]) * (L.bottom - L.top); }
    svg.addEventListener('pointermove', function (e) {
      var p = svgPoint(svg, e);
      if (p.x < L.left || p.x > L.right || xs.length === 0) { hide(); return; }
      var xv = L.xDomain[0] + (p.x - L.left) / (L.right - L.left) * (L.xDomain[1] - L.xDomain[0]);
      var best = xs[0];
      xs.forEach(function (x) { if (Math.abs(x - xv) < Math.abs(best - xv)) best = x; });
      var rows = [], dots = [];
      d.series.forEach(function (s) {
        var k = s.x.indexOf(best);
        if (k < 0 || s.values[k] === null) return;
        rows.push('<div><span class="sw" style="background:' + s.colour + '"></span>' + esc(s.name) + ': <b>' + fmtNum(s.values[k]) + '</b></div>');
        dots.push('<circle cx="' + px(best) + '" cy="' + py(s.values[k]) + '" r="4.5" fill="' + s.colour + '"></circle>');
      });
      layer.innerHTML = '<line x1="' + px(best) + '" x2="' + px(best) + '" y1="' + L.top + '" y2="' + L.bottom + '"></line>' + dots.join('');
      tip.innerHTML = '<div class="tip-label">' + esc(d.xLabel) + ' ' + fmtNum(best) + '</div>' + rows.join('');
      tip.hidden = false;
      var box = root.querySelector('.chart').getBoundingClientRect();
      var x = e.clientX - box.left + 14;
      if (x + tip.offsetWidth > box.width) x = e.clientX - box.left - tip.offsetWidth - 14;
      tip.style.left = x + 'px';
      tip.style.top = Math.max(0, e.clientY - box.top - tip.offsetHeight / 2) + 'px';
    });
    svg.addEventListener('pointerleave', hide);
    function hide() { tip.hidden = true; layer.innerHTML = ''; }
  }

  // "/" jumps to the search box of the map nearest the top of the window
  document.addEventListener('keydown', function (e) {
    if (e.key !== '/' || /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement && document.activeElement.tagName)) return;
    var best = null, bestD = Infinity;
    Array.prototype.forEach.call(document.querySelectorAll('[data-figure="scatter"]'), function (el) {
      var d = Math.abs(el.getBoundingClientRect().top);
      if (d < bestD) { bestD = d; best = el; }
    });
    if (best) { e.preventDefault(); best.querySelector('input.search').focus(); }
  });

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-figure="scatter"]'), Scatter);
    Array.prototype.forEach.call(document.querySelectorAll('[data-figure="lines"]'), Lines);
    // neighbour-card titles that a map can show become buttons
    Array.prototype.forEach.call(document.querySelectorAll('[data-label]'), function (el) {
      var label = el.getAttribute('data-label');
      if (el.tagName === 'BUTTON' || !MAPS.some(function (m) { return m.has(label); })) return;
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'in-map';
      b.title = 'Show on the map';
      b.setAttribute('data-label', label);
      b.textContent = el.textContent;
      el.replaceWith(b);
    });
    document.documentElement.setAttribute('data-ready', 'true');
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
`;
