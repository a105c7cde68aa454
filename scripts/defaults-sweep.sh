#!/usr/bin/env bash
# Chooses the default training recipe on validation data only: each candidate (optimizer, learning rate,
# batch size, schedule, epochs) trains the default network on MNIST, Fashion-MNIST and three small tabular
# datasets (iris, wine, breast-cancer; five seeds each, their validation splits being 20-76 rows), and
# the best validation accuracy of each run is printed (the model a run keeps is that epoch's). Test
# accuracy is not looked at.
#   scripts/defaults-sweep.sh [CANDIDATE ...]     (default: all candidates below)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
B="$ROOT/backprop4j"
"$ROOT/scripts/fetch-data.sh" all >/dev/null

declare -A CANDIDATES=(
  [momentum]="--optimizer momentum --eta 0.05 --momentum 0.9 --batch-size 32 --schedule none --epochs 30"
  [momentum-cosine]="--optimizer momentum --eta 0.05 --momentum 0.9 --batch-size 32 --schedule cosine --epochs 20"
  [momentum-b64-cosine]="--optimizer momentum --eta 0.05 --momentum 0.9 --batch-size 64 --schedule cosine --epochs 20"
  [adam-cosine]="--optimizer adam --eta 0.001 --batch-size 32 --schedule cosine --epochs 20"
  [adam-b64-cosine]="--optimizer adam --eta 0.001 --batch-size 64 --schedule cosine --epochs 20"
  [adam]="--optimizer adam --eta 0.001 --batch-size 32 --schedule none --epochs 20"
  [adam3-cosine]="--optimizer adam --eta 0.003 --batch-size 32 --schedule cosine --epochs 20"
  [momentum-cosine-h256]="--optimizer momentum --eta 0.05 --momentum 0.9 --batch-size 32 --schedule cosine --epochs 20"
  [momentum-b64-cosine-h256]="--optimizer momentum --eta 0.05 --momentum 0.9 --batch-size 64 --schedule cosine --epochs 20"
)
# hidden units of the one hidden layer, where a candidate changes the default network's 100
declare -A HIDDEN=([momentum-cosine-h256]=256 [momentum-b64-cosine-h256]=256)
# features and classes of each dataset, for --layers
declare -A SHAPE=([mnist]="784 10" [fashion]="784 10" [iris]="4 3" [wine]="13 3" [breast-cancer]="30 2")
layers() { # candidate dataset -> "--layers IN,H,OUT" or nothing
  local h="${HIDDEN[$1]:-}" shape
  [ -n "$h" ] || return 0
  read -r -a shape <<< "${SHAPE[$2]}"
  echo "--layers ${shape[0]},$h,${shape[1]}"
}
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(momentum momentum-cosine momentum-b64-cosine adam-cosine adam-b64-cosine adam adam3-cosine
                                  momentum-cosine-h256 momentum-b64-cosine-h256)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
best() { sed -nE 's/^Best validation accuracy ([0-9.]+)%.*/\1/p' "$1"; }

printf '%-22s %8s %8s %8s %8s %8s\n' candidate mnist fashion iris wine cancer
for c in "${names[@]}"; do
  flags="${CANDIDATES[$c]:?unknown candidate $c}"
  row=()
  for d in mnist fashion; do
    # shellcheck disable=SC2086
    "$B" train --dataset "$d" $flags $(layers "$c" "$d") --model-out "$tmp/m.bp4j" > "$tmp/log" 2>&1 || { echo "$c on $d failed:"; tail -3 "$tmp/log"; exit 1; }
    row+=("$(best "$tmp/log")")
  done
  for d in iris wine breast-cancer; do
    sum=0
    for seed in 1 2 3 4 5; do
      # shellcheck disable=SC2086
      "$B" train --dataset "$ROOT/data/tabular/$d.csv" $flags $(layers "$c" "$d") --seed "$seed" --model-out "$tmp/m.bp4j" > "$tmp/log" 2>&1 \
        || { echo "$c on $d failed:"; tail -3 "$tmp/log"; exit 1; }
      sum="$(echo "$sum + $(best "$tmp/log")" | bc -l)"
    done
    row+=("$(printf '%.2f' "$(echo "$sum / 5" | bc -l)")")
  done
  printf '%-22s %8s %8s %8s %8s %8s\n' "$c" "${row[@]}"
done
