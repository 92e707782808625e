#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang in build-fuzz/ and runs
# each of them:
#
#   1. over its regression cases, fuzz/regressions/<target>/: every case
#      must pass (each is an input that once failed);
#   2. then fuzzing for SECONDS (default 20, as in CI), from a scratch copy
#      of its seed corpus fuzz/corpus/<target>/ plus its regression cases,
#      with its dictionary fuzz/dict/<target>.dict and -max_total_time=SECONDS
#      -timeout=5 -rss_limit_mb=2048.
#
# Usage: fuzz/run.sh [SECONDS] [TARGET...] [--jobs N] [--help]
#   SECONDS     fuzzing time per target (default 20); 0 runs only the
#               regression cases and the seed corpus
#   TARGET      only these targets (wire_messages, json_bodies, ...);
#               default: every fuzz/*.cpp
#   --jobs N    parallel compile jobs (default: the number of CPUs)
#
# A failing input is saved in build-fuzz/fuzz-out/<target>/ and named in
# the failure; once the parser is fixed, copy it into
# fuzz/regressions/<target>/ so it stays fixed. Logs and scratch corpora
# are in build-fuzz/fuzz-out/ as well. Exits non-zero when the build, a
# regression case or a fuzzing run fails. Runs from any directory.
set -euo pipefail

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

positive() { [[ $1 =~ ^[1-9][0-9]*$ ]]; }

seconds=20
seconds_given=0
jobs=$(nproc 2>/dev/null || echo 2)
targets=()
while (($# > 0)); do
  case $1 in
    -h | --help)
      usage
      exit 0
      ;;
    --jobs)
      if (($# < 2)) || ! positive "$2"; then
        echo "run.sh: --jobs needs a positive number" >&2
        exit 2
      fi
      jobs=$2
      shift
      ;;
    --jobs=*)
      jobs=${1#--jobs=}
      if ! positive "$jobs"; then
        echo "run.sh: --jobs needs a positive number" >&2
        exit 2
      fi
      ;;
    -*)
      echo "run.sh: unknown option '$1'" >&2
      usage >&2
      exit 2
      ;;
    *)
      if [[ $1 =~ ^[0-9]+$ ]] && ((!seconds_given && ${#targets[@]} == 0)); then
        seconds=$((10#$1))
        seconds_given=1
      else
        targets+=("$1")
      fi
      ;;
  esac
  shift
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
build=$root/build-fuzz
out=$build/fuzz-out

all_targets=()
for source in fuzz/*.cpp; do
  name=${source#fuzz/}
  all_targets+=("${name%.cpp}")
done
if ((${#targets[@]} == 0)); then
  targets=("${all_targets[@]}")
fi
for t in "${targets[@]}"; do
  if [[ ! -f fuzz/$t.cpp ]]; then
    echo "run.sh: no target '$t' (targets: ${all_targets[*]})" >&2
    exit 2
  fi
done

for tool in clang clang++ cmake; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run.sh: $tool not found; deploy/install-deps.sh installs it" >&2
    exit 1
  fi
done

started=$SECONDS
step() { printf '\n==> %s\n' "$*"; }

step "build-fuzz/ (clang, libFuzzer + address + undefined sanitizers)"
CC=clang CXX=clang++ cmake -S . -B "$build" -DLEDGER_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
if [[ $compiler != *clang* ]]; then
  echo "run.sh: build-fuzz/ was configured with $compiler, not clang;" \
    "remove build-fuzz/ and run again" >&2
  exit 1
fi
build_targets=()
for t in "${targets[@]}"; do
  build_targets+=(--target "fuzz_$t")
done
cmake --build "$build" -j"$jobs" "${build_targets[@]}"
built=$((SECONDS - started))

# libFuzzer's own flags; a violated property aborts, a sanitizer stops at
# its first report (-fno-sanitize-recover=all).
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

failed=()
summary=()
for t in "${targets[@]}"; do
  binary=$build/fuzz/fuzz_$t
  work=$out/$t
  rm -rf "$work"
  mkdir -p "$work/corpus"
  log=$work/fuzz.log

  step "$t: regression cases"
  cases=()
  if [[ -d fuzz/regressions/$t ]]; then
    for f in fuzz/regressions/"$t"/*; do
      [[ -f $f ]] && cases+=("$f")
    done
  fi
  if ((${#cases[@]} == 0)); then
    echo "(none)"
  elif "$binary" -timeout=5 -rss_limit_mb=2048 "${cases[@]}" \
    >"$work/regressions.log" 2>&1; then
    echo "${#cases[@]} passed"
  else
    tail -n 40 "$work/regressions.log"
    echo "$t: a regression case fails (log: $work/regressions.log)" >&2
    failed+=("$t (regressions)")
    summary+=("$(printf '%-15s regression cases FAIL' "$t")")
    continue
  fi

  step "$t: fuzzing for ${seconds}s"
  if [[ -d fuzz/corpus/$t ]]; then
    cp -R fuzz/corpus/"$t"/. "$work/corpus/"
  fi
  seeds=("$work/corpus")
  if ((${#cases[@]} > 0)); then
    seeds+=("$root/fuzz/regressions/$t")
  fi
  if ((seconds > 0)); then
    limit=(-max_total_time="$seconds")
  else
    limit=(-runs=0)
  fi
  if [[ -f fuzz/dict/$t.dict ]]; then
    limit+=(-dict="$root/fuzz/dict/$t.dict")
  fi
  status=0
  (cd "$work" && "$binary" "${limit[@]}" -timeout=5 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$work/" "${seeds[@]}") \
    >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  cov=$(grep -ao 'cov: [0-9]*' "$log" | tail -n 1 || true)
  units=$(find "$work/corpus" -type f | wc -l)
  if ((status == 0)); then
    line=$(printf '%-15s ok    %10s runs  %-10s corpus %s' "$t" \
      "${runs:-?}" "${cov:-cov: ?}" "$units")
  else
    tail -n 60 "$log"
    saved=$(find "$work" -maxdepth 1 -type f \
      \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
      -o -name 'oom-*' \) | head -n 1)
    echo "$t: fuzzing failed (exit $status); input: ${saved:-none saved};" \
      "log: $log" >&2
    failed+=("$t")
    line=$(printf '%-15s FAIL  %10s runs  input %s' "$t" "${runs:-?}" \
      "${saved:-none saved}")
  fi
  echo "$line"
  summary+=("$line")
done

step "summary (fuzzing ${seconds}s per target; build ${built}s; total $((SECONDS - started))s)"
printf '%s\n' "${summary[@]}"
if ((${#failed[@]} > 0)); then
  echo "run.sh: failed: ${failed[*]}" >&2
  echo "run.sh: fix the parser, then copy the input into" \
    "fuzz/regressions/<target>/ (fuzz/README.md)" >&2
  exit 1
fi
echo "all ${#targets[@]} targets passed"
