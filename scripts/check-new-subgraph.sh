#!/usr/bin/env bash
# The new-subgraph recipe, end to end: `npm run new:subgraph` on a throwaway name (it composes,
# migrates, starts the subgraph through the test harness and runs its generated test), the new
# files pass the type check, lint and format check, then `npm run remove:subgraph` and the working
# tree must be exactly as before. Run by .ci/run after `npm test` (it uses the same test services).
set -euo pipefail
cd "$(dirname "$0")/.."

name=scratchcheck
cleanup() {
  if grep -q "^  $name:" rover.yaml; then npm run --silent remove:subgraph -- "$name" --force >/dev/null 2>&1 || true; fi
  rm -rf "subgraphs/$name"
}
cleanup # what an interrupted run may have left
before=$(git status --porcelain)
trap cleanup EXIT

npm run --silent new:subgraph -- "$name"
npx tsc --noEmit -p tsconfig.json
npx oxlint --deny-warnings "subgraphs/$name"
npx prettier --check "subgraphs/$name" rover.yaml docker-compose.yml
npm run --silent remove:subgraph -- "$name"

after=$(git status --porcelain)
if [ "$before" != "$after" ]; then
  echo "check-new-subgraph: the working tree changed:" >&2
  diff <(echo "$before") <(echo "$after") >&2 || true
  exit 1
fi
echo "check-new-subgraph: $name created, tested and removed; the working tree is as it was"
