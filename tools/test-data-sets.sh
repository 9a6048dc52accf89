#!/bin/sh
# The README's tests on the data sets that CONTRIBUTING's changes make (tests/variants.py):
# for each, a copy of this working tree committed as it is, the change made and committed
# on top as a contributor's pull request would be, the address check against the commit
# before, then `make test` there. The copies share this project's .venv and node_modules.
#   tools/test-data-sets.sh [VARIANT ...]    (default: every variant; `make test` first)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
variants=${*:-"moved corrected"}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/casebook-data-sets.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
git() { command git -c user.name="Data set" -c user.email="data-set@example.org" -c commit.gpgsign=false "$@"; }
for variant in $variants; do
  copy="$scratch/$variant"
  mkdir -p "$copy"
  (cd "$root" && command git ls-files -z --cached --others --exclude-standard) \
    | (cd "$root" && xargs -0 cp -p --parents -t "$copy" 2>/dev/null || true)
  ln -s "$root/.venv" "$copy/.venv"
  ln -s "$root/node_modules" "$copy/node_modules"
  cd "$copy"
  git init -q && git add -A && git commit -q -m "the casebook"
  echo "== Data set '$variant' =="
  "$root/.venv/bin/python" tests/variants.py "$variant"
  git add -A && git commit -q -m "a contributor's change: $variant"
  "$root/.venv/bin/python" -m macros addresses --since HEAD~1
  make --no-print-directory test
  cd "$root"
done
