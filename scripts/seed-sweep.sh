#!/usr/bin/env bash
# Test accuracy of a bench config over several seeds, for one build or for two builds side by side.
# An optimization that changes the order of a floating-point sum changes every later step of SGD (the
# trajectory is chaotic), so "the same accuracy for the same seed" is judged over seeds: this prints,
# for each build, each seed's test accuracy at the last epoch and the mean of the last three epochs,
# then the mean and standard deviation over seeds and, for two builds, the paired differences.
#   scripts/seed-sweep.sh --config nielsen --epochs 10 --seeds "1 2 3 4 5 6" [--threads 1] \
#       [--before DIR]      DIR: another checkout's root (its ./backprop4j is run first, seed by seed)
# Example, against the build before a change:
#   git worktree add /tmp/before <commit> && ln -s "$PWD/data" /tmp/before/data
#   scripts/seed-sweep.sh --config mlp100 --epochs 10 --seeds "1 2 3 4 5 6 7 8" --before /tmp/before
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
config=nielsen epochs=10 seeds="1 2 3 4" threads=1 before=""
while [ $# -gt 0 ]; do
  case "$1" in
    --config) config="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --before) before="$2"; shift 2 ;;
    *) echo "seed-sweep: unknown option $1" >&2; exit 2 ;;
  esac
done
[ "$epochs" -ge 3 ] || { echo "seed-sweep: --epochs must be at least 3" >&2; exit 2; }
builds=("$HERE")
[ -n "$before" ] && builds=("$before" "$HERE")
for b in "${builds[@]}"; do
  [ -x "$b/backprop4j" ] || { echo "seed-sweep: no launcher at $b/backprop4j" >&2; exit 2; }
done

# One line per build and seed: build-index seed last_acc mean_of_last_3 (an index: paths may hold spaces)
run() {
  local index="$1" s="$2" root="${builds[$1]}"
  "$root/backprop4j" bench --config "$config" --epochs "$epochs" --threads "$threads" --seed "$s" 2>/dev/null |
    sed -nE 's/.*"epoch":[0-9]+,.*"test_acc":([0-9.]+).*/\1/p' |
    awk -v b="$index" -v root="$root" -v s="$s" -v n="$epochs" 'BEGIN {n += 0} {a[NR]=$1} END {
      if (NR != n) { print "seed-sweep: " root " seed " s ": " NR " epochs reported, expected " n > "/dev/stderr"; exit 1 }
      printf "%s %s %.4f %.4f\n", b, s, a[n], (a[n]+a[n-1]+a[n-2])/3 }'
}

# a failed run stops the sweep (command substitution would otherwise drop its line silently)
results=$(for s in $seeds; do for i in "${!builds[@]}"; do run "$i" "$s" || exit 1; done; done)
# Per build: mean and sd over seeds. With two builds: the paired difference per seed (after - before),
# its mean, sd and standard error: seeds that are hard for both builds then cancel out.
echo "$results" | awk -v cfg="$config" -v ep="$epochs" -v names="$(printf '%s\n' "${builds[@]}")" '
  BEGIN { split(names, build, "\n") }
  { if (!($1 in n)) order[++nb] = $1
    n[$1]++; last[$1, $2] = $3; tail[$1, $2] = $4; seed[$1, n[$1]] = $2
    printf "%-32s seed %-3s last %.2f%%  last-3 mean %.2f%%\n", build[$1 + 1], $2, 100*$3, 100*$4 }
  function stats(x, m,   i, s, v) { s = 0; for (i = 1; i <= m; i++) s += x[i]; mu = s / m
    v = 0; for (i = 1; i <= m; i++) v += (x[i] - mu)^2; sd = m > 1 ? sqrt(v / (m - 1)) : 0 }
  END {
    for (i = 1; i <= nb; i++) {
      b = order[i]
      for (j = 1; j <= n[b]; j++) { xl[j] = last[b, seed[b, j]]; xt[j] = tail[b, seed[b, j]] }
      stats(xl, n[b]); ml = mu; sl = sd; stats(xt, n[b])
      printf "%s %s: %d epochs, %d seeds: last %.2f%% (sd %.2f), last-3 mean %.2f%% (sd %.2f)\n", cfg, build[b + 1], ep, n[b], 100*ml, 100*sl, 100*mu, 100*sd
    }
    if (nb == 2) {
      a = order[1]; b = order[2]
      for (j = 1; j <= n[b]; j++) { s = seed[b, j]; dl[j] = last[b, s] - last[a, s]; dt[j] = tail[b, s] - tail[a, s] }
      stats(dl, n[b]); printf "paired difference (after - before), last epoch: mean %+.2f points, sd %.2f, standard error %.2f\n", 100*mu, 100*sd, 100*sd/sqrt(n[b])
      stats(dt, n[b]); printf "paired difference (after - before), last-3 mean: mean %+.2f points, sd %.2f, standard error %.2f\n", 100*mu, 100*sd, 100*sd/sqrt(n[b])
    }
  }'
