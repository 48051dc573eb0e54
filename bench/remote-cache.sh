#!/usr/bin/env bash
# Remote-cache restore benchmark (docs/performance.md, "Remote cache"): one run of each, side by side.
#   W1: 1,000 steps of one small file each;  W3: one step writing one big file (1 GiB by default).
# For each: a cold run, a restore from the local cache (outputs deleted), a restore in a fresh copy of
# the workspace from a warm remote (nginx WebDAV on localhost), and curl downloading the same blobs
# from the same nginx (the limit). Peak memory of every run from /usr/bin/time.
# Usage: PIPELINE_CMD="/path/to/dotnet-pipeline" bench/remote-cache.sh [W1] [W3]
# Knobs: REMOTE_W3_MIB (default 1024), BENCH_JOBS (default 2), BENCH_WORK, BENCH_RESULTS;
# BASELINE_CMD=/path/to/another/dotnet-pipeline also times that tool's remote restore (a third fresh
# copy, same warm nginx) in the same run, for before/after figures side by side.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
read -r -a tool <<< "${PIPELINE_CMD:?set PIPELINE_CMD to the tool, e.g. PIPELINE_CMD=dotnet-pipeline}"
read -r -a baseline <<< "${BASELINE_CMD:-}"
work="${BENCH_WORK:-$root/bench/work}/remote"
results="${BENCH_RESULTS:-$root/bench/results}"
mib="${REMOTE_W3_MIB:-1024}"
jobs="${BENCH_JOBS:-2}"
start_load=$(cut -d' ' -f1-3 /proc/loadavg)
workloads=("$@"); [ ${#workloads[@]} -gt 0 ] || workloads=(W1 W3)
command -v nginx >/dev/null || { echo "remote-cache.sh: needs nginx (apt-get install nginx)" >&2; exit 1; }
rm -rf "$work"; mkdir -p "$work/nginx/root/cache" "$results"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
chmod 777 "$work/nginx" "$work/nginx/root" "$work/nginx/root/cache"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  server {
    listen 127.0.0.1:$port;
    root $work/nginx/root;
    client_max_body_size 0;
    location / { dav_methods PUT; create_full_put_path on; }
  }
}
CONF
nginx -c "$work/nginx/nginx.conf"
trap 'kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true' EXIT
url="http://127.0.0.1:$port/cache"
table="$results/remote-cache.md"
{
  echo "| workload | cold run | local restore | remote restore (fresh copy, warm nginx) | curl, same blobs | remote / local | throughput: curl / remote | peak RSS remote restore | baseline tool: remote restore, % of curl, peak RSS |"
  echo "|---|---|---|---|---|---|---|---|---|"
} > "$table"

# time_run LABEL DIR CMD...: runs CMD in DIR under /usr/bin/time; sets SECONDS_TAKEN and PEAK_KB.
time_run() {
  local label="$1" dir="$2"; shift 2
  ( cd "$dir" && /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/$label.log" 2>&1 ) || { echo "$label failed:"; tail -20 "$work/$label.log"; exit 1; }
  read -r SECONDS_TAKEN PEAK_KB < "$work/time.txt"
  echo "$label: ${SECONDS_TAKEN}s, peak ${PEAK_KB} KB"
}

generate() {
  local w="$1" dir="$2"; mkdir -p "$dir"
  case "$w" in
    W1) python3 - "$dir" <<'PY'
import sys, pathlib
d = pathlib.Path(sys.argv[1]); (d / "in").mkdir(parents=True)
lines = ["pipeline: w1", "stages:", "  s:", "    steps:"]
for i in range(1, 1001):
    n = f"{i:04d}"
    (d / "in" / f"i{n}.txt").write_text(f"input file {i}\n" + "abcdefghij" * (i % 7 + 1) + "\n")
    lines += [f"      t{n}:", f"        run: mkdir -p out && cp in/i{n}.txt out/o{n}.txt", f"        inputs: [in/i{n}.txt]", f"        outputs: [out/o{n}.txt]"]
(d / "pipeline.yaml").write_text("\n".join(lines) + "\n")
PY
    ;;
    W3) printf 'seed for the W3 restore benchmark\n' > "$dir/seed.txt"
        cat > "$dir/pipeline.yaml" <<YAML
pipeline: w3
stages:
  s:
    steps:
      big:
        run: mkdir -p out && (openssl enc -aes-256-ctr -nosalt -pass file:seed.txt -pbkdf2 -in /dev/zero 2>/dev/null || true) | head -c $((mib * 1024 * 1024)) > out/big.bin
        inputs: [seed.txt]
        outputs: [out/big.bin]
YAML
    ;;
  esac
}

for w in "${workloads[@]}"; do
  rm -rf "$work/nginx/root/cache"/*
  generate "$w" "$work/$w/template"
  cp -a "$work/$w/template" "$work/$w/A"; cp -a "$work/$w/template" "$work/$w/B"; cp -a "$work/$w/template" "$work/$w/C"
  time_run "$w-cold" "$work/$w/A" "${tool[@]}" run --jobs "$jobs"; cold="$SECONDS_TAKEN"
  ( cd "$work/$w/A" && "${tool[@]}" cache push --cache-url "$url" > "$work/$w-push.log" 2>&1 )
  rm -rf "$work/$w/A/out"
  time_run "$w-local" "$work/$w/A" "${tool[@]}" run --jobs "$jobs"; local_s="$SECONDS_TAKEN"
  grep -q "restored" "$work/$w-local.log" || { echo "$w: the local run restored nothing"; exit 1; }
  time_run "$w-remote" "$work/$w/B" "${tool[@]}" run --jobs "$jobs" --cache-url "$url"; remote="$SECONDS_TAKEN"; peak="$PEAK_KB"
  grep -Eq "remote cache .*: [1-9][0-9]* hits?," "$work/$w-remote.log" || { echo "$w: no remote hits"; exit 1; }
  (cd "$work/$w/A" && find out -type f -exec sha256sum {} + | sort -k2) > "$work/$w-A.sum"
  (cd "$work/$w/B" && find out -type f -exec sha256sum {} + | sort -k2) > "$work/$w-B.sum"
  cmp -s "$work/$w-A.sum" "$work/$w-B.sum" || { echo "$w: the restored outputs differ"; exit 1; }
  base="—"
  if [ ${#baseline[@]} -gt 0 ]; then
    time_run "$w-remote-baseline" "$work/$w/C" "${baseline[@]}" run --jobs "$jobs" --cache-url "$url"; base_s="$SECONDS_TAKEN"; base_peak="$PEAK_KB"
    (cd "$work/$w/C" && find out -type f -exec sha256sum {} + | sort -k2) > "$work/$w-C.sum"
    cmp -s "$work/$w-A.sum" "$work/$w-C.sum" || { echo "$w: the baseline's restored outputs differ"; exit 1; }
  fi
  # curl: the same blobs (every cas object the remote holds), one process, keep-alive, written to disk.
  mkdir -p "$work/$w/curl"; : > "$work/$w/curl.cfg"
  for blob in "$work/nginx/root/cache/cas"/*; do
    printf 'url = "%s/cas/%s"\noutput = "%s/%s"\n' "$url" "$(basename "$blob")" "$work/$w/curl" "$(basename "$blob")" >> "$work/$w/curl.cfg"
  done
  bytes=$(du -sb "$work/nginx/root/cache/cas" | cut -f1)
  time_run "$w-curl" "$work/$w" curl -sSf -K "$work/$w/curl.cfg"; curl_s="$SECONDS_TAKEN"
  ratio=$(python3 -c "print(f'{$remote / $local_s:.2f}×')")
  through=$(python3 -c "r=$bytes/$remote/2**20; c=$bytes/$curl_s/2**20; print(f'{c:.0f} / {r:.0f} MiB/s = {r/c*100:.0f} % of curl')")
  if [ ${#baseline[@]} -gt 0 ]; then
    base=$(python3 -c "print(f'{$base_s} s, {$bytes/$base_s/($bytes/$curl_s)*100:.0f} % of curl, {$base_peak // 1024} MB')")
  fi
  label="$w"; [ "$w" = W3 ] && label="W3 ($mib MiB)"
  echo "| $label | ${cold} s | ${local_s} s | ${remote} s | ${curl_s} s | $ratio | $through | $((peak / 1024)) MB | $base |" >> "$table"
done
{
  echo
  echo "$(nproc) cores, load average at start: $start_load, at end: $(cut -d' ' -f1-3 /proc/loadavg); tool: ${tool[*]}; baseline: ${baseline[*]:-none}; nginx $(nginx -v 2>&1 | sed 's/.*nginx\///'); curl $(curl --version | head -1 | cut -d' ' -f2)"
} >> "$table"
cat "$table"
