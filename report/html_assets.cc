#include "report/html_assets.h"

namespace interleave {

namespace {

// Okabe-Ito: ww #D55E00 (vermillion), wr #0072B2 (blue), rw #009E73 (bluish
// green), each at least 3:1 against the white page; the current step is
// outlined in #E69F00 (orange) and marked in its row number as well. Text
// stays near-black (about 17:1).
const char* kCss = R"CSS(
:root {
  --num: 2.8rem; --gut: 10rem;
  --ww: #D55E00; --wr: #0072B2; --rw: #009E73; --cur: #E69F00;
  --ink: #111; --muted: #444; --bg: #fff; --box: #f4f4f4;
}
* { box-sizing: border-box; }
html { font-size: clamp(15px, 0.95vw, 22px); }
body { margin: 0; padding: 0 1rem 2rem; font-family: system-ui, "DejaVu Sans", sans-serif;
       color: var(--ink); background: var(--bg); line-height: 1.35; }
h1 { font-size: 1.6rem; margin: .6rem 0 .2rem; overflow-wrap: anywhere; }
.anomaly { font-weight: 600; margin: .1rem 0; }
.meta { color: var(--muted); margin: .2rem 0; overflow-wrap: anywhere; }
.story summary { cursor: pointer; font-weight: 600; }
.story p { max-width: 62rem; margin: .3rem 0; }
.controls { position: sticky; top: 0; z-index: 5; background: var(--bg);
            border-bottom: 2px solid #bbb; padding: .4rem 0; margin-top: .4rem;
            display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; }
.buttons { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
.controls button { font: inherit; padding: .25rem .7rem; border: 2px solid #333;
                   border-radius: .3rem; background: #fff; color: #111; cursor: pointer; }
.controls button:focus-visible, .controls input:focus-visible { outline: 3px solid var(--cur); }
#position { font-weight: 700; margin-left: .4rem; }
fieldset.show { border: none; margin: .4rem 0 0; padding: 0; display: flex; flex-wrap: wrap;
                gap: .2rem 1rem; align-items: center; }
fieldset.show legend { float: left; font-weight: 600; padding: 0; margin-right: .3rem; }
fieldset.show label { white-space: nowrap; }
.key { color: var(--muted); font-size: .9rem; max-width: 80rem; margin: .4rem 0 .6rem; }
.k { font-weight: 700; padding: 0 .25em; border-bottom: 3px solid; }
.k.ww { border-bottom-style: solid; border-color: var(--ww); }
.k.wr { border-bottom-style: dotted; border-color: var(--wr); }
.k.rw { border-bottom-style: dashed; border-color: var(--rw); }
.variants { display: grid; grid-auto-flow: column;
            grid-auto-columns: minmax(min(36rem, 100%), 1fr); column-gap: 2rem;
            overflow-x: auto; padding-bottom: 1rem; }
.variant { display: grid; grid-template-rows: subgrid; position: relative; row-gap: .5rem;
           column-gap: 0; border-top: 4px solid #333; padding: .3rem .4rem 0; min-width: 0; }
.variant.hidden { display: none; }
.vhead { min-width: 0; }
.vhead h2 { font-size: 1.3rem; margin: .2rem 0; overflow-wrap: anywhere; }
.desc, .expect { margin: .15rem 0; font-size: .95rem; }
.expect.mismatch { font-weight: 700; }
.badge { display: inline-block; font-size: .85em; padding: .05em .45em; border-radius: .3em;
         border: 2px solid; vertical-align: middle; font-weight: 700; }
.badge.anomaly { border-color: #D55E00; color: #7a3300; background: #fff1e8; }
.badge.prevented { border-color: #009E73; color: #00513b; background: #e8f7f1; }
.badge.aborted { border-color: #E69F00; color: #5c3f00; background: #fff7e0; }
.badge.error { border-color: #555; color: #222; background: #eee; }
.chead { align-self: end; border-bottom: 3px solid #333; padding: .2rem .3rem;
         display: flex; flex-direction: column; min-width: 0; }
.cname { font-weight: 700; font-size: 1.1rem; overflow-wrap: anywhere; }
.level { font-size: .8rem; color: var(--muted); }
.rownum { font-variant-numeric: tabular-nums; color: var(--muted); padding-top: .35rem;
          font-size: .9rem; white-space: nowrap; }
.rownum.current { color: var(--ink); font-weight: 700; }
.rownum.current::before { content: "\25B6"; margin-right: .1em; }
.step { background: var(--box); border: 2px solid #8a8a8a; border-radius: .35rem;
        padding: .25rem .45rem; min-width: 0; position: relative; z-index: 1;
        scroll-margin: 7rem 1rem 2rem; display: flex; flex-wrap: wrap;
        align-items: baseline; column-gap: .5em; align-self: start; }
.step > * { flex: 1 1 100%; min-width: 0; }
.step > .shead { flex: 0 0 auto; }
.step > pre.sql { flex: 1 1 10em; }
.step > .res.plain { flex: 0 0 auto; margin-left: auto; }
.step.current { border-color: #000; outline: 4px solid var(--cur); outline-offset: 1px; }
.step.waiting { border-style: dashed; }
.step.completion { border-left: 6px double #444; }
.step.failed { border-color: #D55E00; }
.step.skipped { background: #fff; border-style: dotted; color: var(--muted); }
.future { visibility: hidden; }
.shead { font-weight: 700; }
.sname { font-size: 1.05rem; }
.attempt, .snap, .completes { font-weight: 400; font-size: .8rem; color: var(--muted); }
.snap { border: 1px solid #777; border-radius: 1em; padding: 0 .4em; white-space: nowrap; }
pre.sql { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .88rem;
          white-space: pre-wrap; overflow-wrap: anywhere; margin: .2rem 0; }
.res { margin: .15rem 0; font-weight: 600; overflow-wrap: anywhere; }
.res.err { color: #7a2700; }
.res.skip { font-weight: 400; color: var(--muted); }
.sqlstate { font-family: ui-monospace, "DejaVu Sans Mono", monospace; background: #fde6da;
            padding: 0 .25em; border-radius: .2em; }
.note { font-style: italic; color: var(--muted); margin: .15rem 0; font-size: .85rem; }
.releases { margin: .15rem 0; font-size: .85rem; }
.mark { margin: .2rem 0; font-weight: 700; color: #7a2700; border: 2px solid #D55E00;
        padding: .05rem .3rem; background: #fff1e8; }
.edge, .wait-link { position: absolute; left: 0; top: 0; width: 0; height: 0;
               pointer-events: none; z-index: 2; }
svg.arrow { position: absolute; left: 0; top: 0; width: 1px; height: 1px; overflow: visible; }
.edge path { fill: none; stroke-width: 2.5; stroke-linecap: round; }
.edge.ww path { stroke: var(--ww); }
.edge.wr path { stroke: var(--wr); stroke-dasharray: 1 6; stroke-width: 3.5; }
.edge.rw path { stroke: var(--rw); stroke-dasharray: 12 6; stroke-width: 3; }
.edge.cycle path { stroke-width: 5; }
.edge.wr.cycle path { stroke-width: 6; stroke-dasharray: 1 9; }
.edge:not(.cycle) path { opacity: .7; }
.wait-link path { fill: none; stroke: #555; stroke-width: 2; stroke-dasharray: 4 4; }
.edge-label { position: absolute; transform: translate(-50%, -50%); background: #fff;
              border: 2px solid; border-radius: .3rem; padding: .05rem .3rem; font-size: .78rem;
              width: max-content; max-width: calc(var(--gut) - .2rem); line-height: 1.2;
              text-align: center; pointer-events: auto; overflow-wrap: break-word; }
.edge.ww .edge-label { border-color: var(--ww); border-style: solid; }
.edge.wr .edge-label { border-color: var(--wr); border-style: dotted; border-width: 3px; }
.edge.rw .edge-label { border-color: var(--rw); border-style: dashed; }
.edge.cycle .edge-label { border-width: 3px; }
.edge-label .kind, .edge-label .cyc { font-weight: 700; }
.edge-label .kind { margin-right: .25em; }
.edge-label .cyc { white-space: nowrap; }
.vfoot { padding-top: .5rem; border-top: 2px solid #bbb; min-width: 0; }
.vfoot h3 { font-size: 1.05rem; margin: .7rem 0 .2rem; }
.vfoot p, .vfoot li { overflow-wrap: anywhere; }
.vfoot ul { padding-left: 1.2rem; margin: .2rem 0; }
.adya .class { font-weight: 700; font-size: 1.1rem; border: 2px solid #333; padding: 0 .3em;
               border-radius: .25em; }
.adya .textbook { font-weight: 700; }
ul.edge-list { list-style: none; padding-left: 0; }
.edge-list li { margin: .25rem 0; padding-left: .45rem; border-left: 5px solid; }
.edge-list li.ww { border-left-style: solid; border-color: var(--ww); }
.edge-list li.wr { border-left-style: dotted; border-color: var(--wr); }
.edge-list li.rw { border-left-style: dashed; border-color: var(--rw); }
.edge-list li.cycle { font-weight: 600; }
figure.precedence { margin: .4rem 0; max-width: 26rem; }
figure.precedence svg { width: 100%; height: auto; display: block; }
figure.precedence figcaption { font-weight: 600; overflow-wrap: anywhere; }
.pnode ellipse { fill: var(--box); stroke: #333; stroke-width: 2; }
.pnode.cycle ellipse { fill: #fff1e8; stroke: #7a3300; stroke-width: 4; }
.pnode text { font: 600 15px system-ui, "DejaVu Sans", sans-serif; fill: var(--ink); }
.pedge path { fill: none; stroke-width: 2.5; stroke-linecap: round; }
.pedge.ww path { stroke: var(--ww); }
.pedge.wr path { stroke: var(--wr); stroke-dasharray: 1 6; stroke-width: 3.5; }
.pedge.rw path { stroke: var(--rw); stroke-dasharray: 12 6; stroke-width: 3; }
.pedge.cycle path { stroke-width: 5; }
.pedge.wr.cycle path { stroke-width: 6; stroke-dasharray: 1 9; }
.pedge:not(.cycle) { opacity: .7; }
.pedge text { font: 700 14px ui-monospace, "DejaVu Sans Mono", monospace; fill: var(--ink);
              paint-order: stroke; stroke: #fff; stroke-width: 4px; }
.edge-list .kind { font-weight: 700; }
.checks li.fail { font-weight: 600; }
.table-wrap { overflow-x: auto; margin: .3rem 0; }
table { border-collapse: collapse; font-size: .88rem; }
caption { text-align: left; font-weight: 700; padding: .1rem 0; }
th, td { border: 1px solid #8a8a8a; padding: .15rem .4rem; text-align: left; vertical-align: top;
         min-width: 3.5em; max-width: 22em; overflow-wrap: anywhere; }
th { background: #eee; }
td.null, td.empty { color: var(--muted); font-style: italic; }
.muted { color: var(--muted); }
.made { margin-top: 2rem; color: var(--muted); font-size: .85rem; }
@media (max-width: 760px) {
  :root { --num: 2.1rem; --gut: 2.4rem; }
  body { padding: 0 .5rem 2rem; }
  .controls .word { display: none; }
  .controls { gap: .3rem; }
  h1 { font-size: 1.35rem; }
  .variants { display: block; }
  .variant { grid-template-rows: none; margin-bottom: 2rem; }
  .edge-label .detail, .edge-label .cyc { display: none; }
  .edge-label { font-size: .75rem; max-width: none; }
  pre.sql { font-size: .8rem; }
}
@media print {
  .controls { position: static; }
  .future { visibility: visible; }
}
)CSS";

const char* kScript = R"JS(
(function () {
  'use strict';
  var body = document.body;
  // The last row of the variants shown (the page's data-rows says it).
  var rows = 0;
  function countRows() {
    rows = 0;
    document.querySelectorAll('.variant:not(.hidden)').forEach(function (section) {
      rows = Math.max(rows, parseInt(section.getAttribute('data-rows'), 10) || 0);
    });
    body.setAttribute('data-rows', String(rows));
  }
  var cursor = 0;
  var timed = Array.prototype.slice.call(document.querySelectorAll('[data-row]'));
  var links = Array.prototype.slice.call(document.querySelectorAll('.edge, .wait-link'));
  var position = document.getElementById('position');

  function byId(id) { return id ? document.getElementById(id) : null; }
  function shown(el) { return !!el && !el.classList.contains('future'); }
  function rem() { return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16; }

  // A box's rectangle relative to the padding box of its variant.
  function rectIn(el, origin) {
    var r = el.getBoundingClientRect();
    return { l: r.left - origin.left, t: r.top - origin.top, r: r.right - origin.left,
             b: r.bottom - origin.top, h: r.height };
  }

  function drawVariant(variant) {
    var box = variant.getBoundingClientRect();
    var origin = { left: box.left + variant.clientLeft, top: box.top + variant.clientTop };
    var width = variant.clientWidth;
    var placed = [];
    variant.querySelectorAll('.wait-link').forEach(function (el) {
      var a = byId(el.getAttribute('data-from')), b = byId(el.getAttribute('data-to'));
      if (!a || !b) return;
      var ra = rectIn(a, origin), rb = rectIn(b, origin);
      var x = ra.l + rem() * 0.6;
      var path = el.querySelector('path');
      path.setAttribute('d', 'M' + x + ',' + ra.b + ' L' + x + ',' + (rb.t - 2));
      path.setAttribute('marker-end', 'url(#head-wait)');
    });
    // Edges between the same two boxes are drawn apart, not over each other.
    var pairs = {};
    variant.querySelectorAll('.edge').forEach(function (el) {
      var key = [el.getAttribute('data-from'), el.getAttribute('data-to')].sort().join(' ');
      (pairs[key] = pairs[key] || []).push(el);
    });
    variant.querySelectorAll('.edge').forEach(function (el) {
      var a = byId(el.getAttribute('data-from')), b = byId(el.getAttribute('data-to'));
      if (!a || !b) return;
      var key = [el.getAttribute('data-from'), el.getAttribute('data-to')].sort().join(' ');
      var group = pairs[key], shift = (group.indexOf(el) - (group.length - 1) / 2) * rem() * 0.7;
      var ra = rectIn(a, origin), rb = rectIn(b, origin);
      var y1 = ra.t + Math.min(ra.h / 2, rem() * 2.2) + shift;
      var y2 = rb.t + Math.min(rb.h / 2, rem() * 2.2) + shift;
      var d, lx, ly = (y1 + y2) / 2;
      if (Math.abs(ra.l - rb.l) > 2) {
        var x1, x2;
        if (ra.l < rb.l) { x1 = ra.r; x2 = rb.l; } else { x1 = ra.l; x2 = rb.r; }
        var dx = (x2 - x1) / 2;
        d = 'M' + x1 + ',' + y1 + ' C' + (x1 + dx) + ',' + y1 + ' ' + (x2 - dx) + ',' + y2 +
            ' ' + x2 + ',' + y2;
        lx = (x1 + x2) / 2;
      } else {
        // Both ends in one column: a loop into the gutter beside it.
        var right = ra.r + rem() * 3 < width;
        var xs = right ? ra.r : ra.l, bulge = (right ? 1 : -1) * rem() * 3;
        d = 'M' + xs + ',' + y1 + ' C' + (xs + bulge) + ',' + y1 + ' ' + (xs + bulge) + ',' + y2 +
            ' ' + xs + ',' + y2;
        lx = xs + bulge * 0.75;
      }
      el.querySelector('path').setAttribute('d', d);
      var label = el.querySelector('.edge-label');
      if (!label || el.classList.contains('future')) return;
      var h = label.offsetHeight, w = label.offsetWidth;
      for (var moved = true, n = 0; moved && n < 50; ++n) {
        moved = false;
        for (var i = 0; i < placed.length; ++i) {
          var p = placed[i];
          if (Math.abs(lx - p.x) < (w + p.w) / 2 && Math.abs(ly - p.y) < (h + p.h) / 2 + 2) {
            ly = p.y + (h + p.h) / 2 + 3;
            moved = true;
          }
        }
      }
      placed.push({ x: lx, y: ly, w: w, h: h });
      label.style.left = lx + 'px';
      label.style.top = ly + 'px';
    });
  }

  function draw() {
    document.querySelectorAll('.variant').forEach(function (variant) {
      if (!variant.classList.contains('hidden')) drawVariant(variant);
    });
  }

  function apply(scroll) {
    timed.forEach(function (el) {
      var row = parseInt(el.getAttribute('data-row'), 10);
      var current = row === cursor;
      el.classList.toggle('future', row > cursor);
      el.classList.toggle('current', current);
      if (current) el.setAttribute('aria-current', 'step');
      else el.removeAttribute('aria-current');
    });
    links.forEach(function (el) {
      var both = shown(byId(el.getAttribute('data-from'))) &&
                 shown(byId(el.getAttribute('data-to')));
      el.classList.toggle('future', !both);
    });
    if (position) {
      position.textContent = cursor === 0 ? 'Before step 1 of ' + rows + ' (press \u2192)'
                                          : 'Step ' + cursor + ' of ' + rows;
    }
    body.setAttribute('data-current', String(cursor));
    draw();
    if (scroll) {
      var current = document.querySelector('.variant:not(.hidden) .step.current');
      if (current && current.scrollIntoView) current.scrollIntoView({ block: 'nearest' });
    }
  }

  function go(to) {
    cursor = Math.max(0, Math.min(rows, to));
    apply(true);
  }

  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var t = e.target;
    if (t && (t.tagName === 'TEXTAREA' || (t.tagName === 'INPUT' && t.type !== 'checkbox'))) return;
    switch (e.key) {
      case 'ArrowRight': go(cursor + 1); break;
      case 'ArrowLeft': go(cursor - 1); break;
      case 'Home': go(0); break;
      case 'End': go(rows); break;
      default: return;
    }
    e.preventDefault();
  });
  document.querySelectorAll('[data-go]').forEach(function (button) {
    button.addEventListener('click', function () {
      var how = button.getAttribute('data-go');
      go(how === 'next' ? cursor + 1 : how === 'prev' ? cursor - 1 : how === 'home' ? 0 : rows);
    });
  });
  document.querySelectorAll('[data-show]').forEach(function (input) {
    input.addEventListener('change', function () {
      var section = byId(input.getAttribute('data-show'));
      if (section) section.classList.toggle('hidden', !input.checked);
      countRows();
      go(cursor);
    });
  });
  window.addEventListener('resize', draw);
  if (window.ResizeObserver) new ResizeObserver(draw).observe(document.querySelector('main'));
  countRows();
  var start = /^#step=(\d+)$/.exec(location.hash);
  cursor = start ? Math.min(rows, parseInt(start[1], 10)) : 0;
  apply(false);
})();
)JS";

}  // namespace

const char* HtmlPageCss() { return kCss; }

const char* HtmlPageScript() { return kScript; }

}  // namespace interleave
