#!/usr/bin/env bash
# Serves MovieLens 100K recommendations over HTTP: installs what is needed (bootstrap.sh), trains
# models/ml-100k if it does not exist yet, starts twotower-serve, prints one example request and
# its answer per endpoint, and keeps serving until Ctrl-C.
#   DATA=../shared/data/ml-100k  MODEL=models/ml-100k  PORT=8080  TWOTOWER_ADMIN_TOKEN=<random>
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/tooling/scripts/bootstrap.sh"
cd "$ROOT"

DATA="${DATA:-../shared/data/ml-100k}"
MODEL="${MODEL:-models/ml-100k}"
PORT="${PORT:-8080}"
URL="http://127.0.0.1:$PORT"
export TWOTOWER_ADMIN_TOKEN="${TWOTOWER_ADMIN_TOKEN:-demo-$(node -p "require('crypto').randomBytes(8).toString('hex')")}"

if [ ! -f "$MODEL/manifest.json" ]; then
  echo "== no model at $MODEL yet: training it on $DATA"
  node apps/trainer/bin/twotower-train.js --data "$DATA" --out "$MODEL"
fi

echo "== starting twotower-serve on $URL (JSON logs below)"
node apps/serving/bin/twotower-serve.js --model "$MODEL" --port "$PORT" --no-request-log --drain-seconds 0 &
SERVER=$!
stop() { kill -TERM "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
trap stop EXIT
trap 'exit 130' INT TERM

for _ in $(seq 1 300); do
  if node -e "fetch('$URL/readyz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))" 2>/dev/null; then break; fi
  if ! kill -0 "$SERVER" 2>/dev/null; then echo "twotower-serve exited: see its log above" >&2; exit 1; fi
  sleep 0.2
done

# call METHOD PATH [JSON BODY] [JS expression shortening the answer: `a` parsed JSON, `t` text]:
# prints the equivalent curl command, then the answer
call() {
  local method="$1" path="$2" body="${3:-}" shorten="${4:-a}"
  echo
  if [ -n "$body" ]; then
    echo "\$ curl -s -X $method $URL$path -H 'content-type: application/json' -d '$body'"
  else
    if [ "$method" = GET ]; then echo "\$ curl -s $URL$path"; else echo "\$ curl -s -X $method $URL$path -H \"authorization: Bearer \$TWOTOWER_ADMIN_TOKEN\""; fi
  fi
  node -e '
    const [method, url, body, shorten] = process.argv.slice(1);
    // two levels expanded, deeper values (result items) on one line each
    const fmt = (v, d = 0) => {
      if (d >= 2 || v === null || typeof v !== "object") return JSON.stringify(v);
      const pad = "  ".repeat(d + 1), end = "  ".repeat(d);
      if (Array.isArray(v)) return v.length ? "[\n" + v.map((x) => pad + fmt(x, d + 1)).join(",\n") + "\n" + end + "]" : "[]";
      return "{\n" + Object.keys(v).map((k) => pad + JSON.stringify(k) + ": " + fmt(v[k], d + 1)).join(",\n") + "\n" + end + "}";
    };
    const headers = {};
    if (body) headers["content-type"] = "application/json";
    if (url.endsWith("/admin/reload")) headers.authorization = "Bearer " + process.env.TWOTOWER_ADMIN_TOKEN;
    fetch(url, { method, headers, body: body || undefined })
      .then(async (r) => {
        const t = await r.text();
        let a;
        try { a = JSON.parse(t); } catch { a = undefined; }
        const out = eval(shorten);
        console.log(`HTTP ${r.status}\n${typeof out === "string" ? out : fmt(out)}`);
      })
      .catch((e) => console.log(`request failed: ${e.message}`));
  ' "$method" "$URL$path" "$body" "$shorten"
}

echo
echo "== one example per endpoint (ids are MovieLens ids as strings; OpenAPI at $URL/openapi.json)"
call GET /healthz
call GET /readyz
call POST /v1/recommend/user-items '{"user": "42", "k": 5}'
call POST /v1/recommend/user-items '{"user": "42", "k": 5, "rerank": true}'
call POST /v1/recommend/user-items '{"user": "no-such-user", "k": 3}'
call POST /v1/recommend/user-items '{"history": ["50", "181", "172"], "k": 5}'
call POST /v1/recommend/user-items '{"user": "42", "history": ["50"], "historyMode": "append", "k": 5}'
call POST /v1/recommend/item-items '{"item": "50", "k": 5}'
call POST /v1/recommend/user-users '{"user": "42", "k": 5}'
call POST /v1/recommend/item-users '{"item": "50", "k": 5}'
call POST /v1/rank '{"user": "42", "items": ["50", "181", "1", "121"], "liked": true}'
call POST /v1/recommend/item-items '{"queries": [{"item": "1", "k": 2}, {"item": "unknown"}]}'
call POST /v1/recommend/user-items '{"user": "42", "k": 1000}'
call GET /v1/model '' '({ summary: a.summary, manifest: "(" + Object.keys(a.manifest).join(", ") + ")" })'
call GET /metrics '' 't.split("\n").filter((l) => l.startsWith("twotower_") && !l.includes("_bucket")).slice(0, 16).join("\n") + "\n..."'
call GET /openapi.json '' 'Object.keys(a.paths).join("\n")'
call POST /admin/reload ''

echo
echo "== serving on $URL — Ctrl-C to stop (SIGHUP or POST /admin/reload with the token reloads $MODEL)"
wait "$SERVER"
