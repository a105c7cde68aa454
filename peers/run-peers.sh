#!/usr/bin/env bash
# Runs the peers of ./backprop4j bench on this machine: numpy (matrix form, OpenBLAS) and PyTorch, from
# Debian's packages, which it installs if missing. Prints one JSON line per epoch.
#   peers/run-peers.sh [--configs "nielsen mlp100 mlp800 cnn"] [--epochs 3] [--threads "1 2"]   (default: the three MLPs)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
configs="nielsen mlp100 mlp800"
epochs=3
threads="1 2"
while [ $# -gt 0 ]; do
  case "$1" in
    --configs) configs="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    *) echo "run-peers: unknown option $1" >&2; exit 2 ;;
  esac
done

PY=/usr/bin/python3
if ! "$PY" -c "import numpy, torch" 2>/dev/null || [ ! -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ]; then
  echo "Installing Debian's python3-numpy, python3-torch and OpenBLAS ..." >&2
  apt-get install -y -qq python3-numpy python3-torch libopenblas0-pthread >/dev/null
fi
"$HERE/../scripts/fetch-data.sh" mnist >&2

for c in $configs; do
  for t in $threads; do
    OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t "$PY" "$HERE/mnist_peers.py" --peer numpy --config "$c" --epochs "$epochs" --threads "$t"
    # passive OpenMP waiting: PyTorch's spinning threads otherwise steal the second core from each other
    OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=$t "$PY" "$HERE/mnist_peers.py" --peer torch --config "$c" --epochs "$epochs" --threads "$t"
  done
done
