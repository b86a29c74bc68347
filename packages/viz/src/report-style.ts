/** The stylesheet of the HTML report (inlined; system fonts only, nothing fetched). */
export const REPORT_STYLE = `
:root{--ink:#1a1a2e;--muted:#5b6170;--line:#e3e6ee;--bg:#f5f6fa;--card:#fff;--accent:#3b5ba9;--sel:#1a1a2e;--nbr:#f28e2b}
*{box-sizing:border-box}
html{scroll-behavior:smooth;scroll-padding-top:64px}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif}
header.hero{background:linear-gradient(135deg,#24305e,#3b5ba9);color:#fff;padding:32px 0 26px}
.wrap{max-width:1180px;margin:0 auto;padding:0 24px}
header.hero h1{margin:0 0 4px;font-size:28px;font-weight:650;letter-spacing:-.01em}
header.hero p{margin:0;opacity:.85}
.chips{display:flex;flex-wrap:wrap;gap:8px;margin-top:14px}
.chip{background:rgba(255,255,255,.14);border-radius:999px;padding:3px 12px;font-size:13px}
.chip b{font-weight:600;opacity:.8;margin-right:4px}
nav.toc{position:sticky;top:0;z-index:5;background:rgba(255,255,255,.94);backdrop-filter:blur(6px);border-bottom:1px solid var(--line)}
nav.toc .wrap{display:flex;gap:4px;overflow-x:auto;padding-top:8px;padding-bottom:8px}
nav.toc a{white-space:nowrap;color:var(--muted);text-decoration:none;padding:4px 10px;border-radius:6px;font-size:14px}
nav.toc a:hover{background:var(--bg);color:var(--ink)}
main{padding:24px 0 48px}
section.card{background:var(--card);border:1px solid var(--line);border-radius:12px;box-shadow:0 1px 3px rgba(20,30,60,.05);padding:20px 22px;margin:0 0 22px}
section.card h2{margin:0 0 4px;font-size:20px;font-weight:620}
.desc{color:var(--muted);margin:0 0 12px;max-width:80ch}
.toolbar{display:flex;flex-wrap:wrap;align-items:center;gap:10px;margin:10px 0}
.toolbar label{font-size:13px;color:var(--muted)}
select,input.search{font:inherit;font-size:14px;padding:6px 10px;border:1px solid #cfd4df;border-radius:8px;background:#fff;color:var(--ink)}
input.search{min-width:260px}
button{font:inherit;font-size:13px;cursor:pointer;border:1px solid #cfd4df;background:#fff;color:var(--ink);border-radius:8px;padding:5px 10px}
button:hover{background:var(--bg)}
.spacer{flex:1}
.downloads{font-size:13px;color:var(--muted)}
.downloads a{color:var(--accent)}
.figure-row{display:grid;grid-template-columns:minmax(0,1fr) 230px;gap:16px;align-items:start}
@media (max-width:860px){.figure-row{grid-template-columns:1fr}}
.plot{position:relative;border:1px solid var(--line);border-radius:10px;overflow:hidden;background:#fff;touch-action:none}
svg.map{display:block;width:100%;height:auto;cursor:grab;user-select:none}
svg.map.dragging{cursor:grabbing}
svg.map .bg{fill:#fbfcfe}
svg.map .pts circle{stroke:#fff;stroke-width:.6;vector-effect:non-scaling-stroke;fill-opacity:.9;transition:opacity .15s}
svg.map.focus .pts circle{opacity:.16}
svg.map .pts circle.off{opacity:.05}
svg.map .links line{stroke:var(--nbr);stroke-width:1.4;vector-effect:non-scaling-stroke;opacity:.85}
svg.map .hl circle{stroke-width:2.2;vector-effect:non-scaling-stroke}
svg.map .hl circle.nbr{stroke:var(--nbr)}
svg.map .hl circle.sel{stroke:var(--sel);stroke-width:3}
svg.map .hover circle{fill:none;stroke:var(--ink);stroke-width:1.6;vector-effect:non-scaling-stroke}
.tip{position:absolute;pointer-events:none;background:rgba(26,26,46,.94);color:#fff;padding:7px 10px;border-radius:8px;font-size:13px;max-width:320px;box-shadow:0 4px 14px rgba(0,0,0,.2);z-index:3}
.tip-label{font-weight:600}
.tip .sw{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:6px}
.legend{font-size:13px;max-height:620px;overflow:auto}
.legend-title{font-weight:600;margin-bottom:6px}
.legend .hint{font-weight:400;color:var(--muted);font-size:12px}
.legend button.cat{display:flex;align-items:center;gap:8px;width:100%;text-align:left;border:0;border-radius:6px;padding:3px 6px;background:none}
.legend button.cat:hover{background:var(--bg)}
.legend button.cat.on{background:#e8edf8;font-weight:600}
.legend .sw{width:12px;height:12px;border-radius:50%;flex:none}
.legend .count{margin-left:auto;color:var(--muted);font-variant-numeric:tabular-nums}
.legend .bar{height:14px;border-radius:4px;border:1px solid var(--line)}
.legend .bar-labels{display:flex;justify-content:space-between;color:var(--muted);font-size:12px}
.selection{margin-top:12px;font-size:14px;min-height:24px}
.selection .sel-head{display:flex;align-items:center;gap:8px;flex-wrap:wrap}
.selection ol.nbrs{margin:6px 0 0;padding-left:22px;columns:2 260px}
.selection ol.nbrs button{border:0;background:none;padding:1px 2px;text-align:left;color:var(--ink)}
.selection ol.nbrs button:hover{color:var(--accent);text-decoration:underline}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px;vertical-align:baseline}
.muted{color:var(--muted)}
.warn{color:#b23a2e}
.caption{font-size:13px;color:var(--muted);margin-top:8px}
.chart{position:relative}
.chart{max-width:960px}
.chart svg{display:block;width:100%;height:auto}
.chart .guide-layer line{stroke:#8a90a0;stroke-dasharray:3 3}
.chart .guide-layer circle{stroke:#fff;stroke-width:1.5}
table.data{border-collapse:collapse;width:100%;font-size:14px;font-variant-numeric:tabular-nums}
table.data th,table.data td{padding:7px 10px;border-bottom:1px solid var(--line);text-align:left}
table.data th{font-weight:600;color:var(--muted);font-size:13px;background:#fafbfd}
table.data td.num{text-align:right}
table.data th.num{text-align:right}
table.data tr.em td{background:#f1f5ff;font-weight:600}
table.data td.best{font-weight:700;color:#1d6b35}
table.data tbody tr:hover td{background:#f7f9fc}
.table-scroll{overflow-x:auto}
.nbr-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:14px}
.nbr-card{border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.nbr-card h3{margin:0;font-size:16px}
button.in-map{border:0;background:none;padding:0;font:inherit;color:inherit;text-align:left;cursor:pointer;border-bottom:1px dotted #9aa3b5;border-radius:0}
button.in-map:hover{color:var(--accent);border-bottom-color:var(--accent);background:none}
.nbr-card .note{color:var(--muted);font-size:13px}
.nbr-card ol{margin:8px 0 0;padding-left:22px}
.nbr-card li{margin:2px 0}
.nbr-card .score{display:flex;align-items:center;gap:8px}
.nbr-card .score .t{flex:1}
.nbr-card .score .v{color:var(--muted);font-size:12px;font-variant-numeric:tabular-nums}
.nbr-card .score .b{height:6px;border-radius:3px;background:#9cb3e0;flex:none}
.text p{max-width:80ch}
footer{color:var(--muted);font-size:13px;text-align:center;padding:0 0 32px}
`;
