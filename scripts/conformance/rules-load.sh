#!/usr/bin/env bash
# Conformance run: every Suricata rule file under ../shared/conformance (or the directory given)
# must load with `palisade rules check` without errors. Rules for protocols or keywords Palisade
# does not inspect are skipped with warnings, which do not fail the run. Each file is checked on
# its own, as Suricata's suites load them (several files reuse the same sids). Reads ../shared,
# so it is not part of ./palisade test; .ci/run calls it when ../shared exists.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${1:-$root/../shared/conformance}"
if [ ! -d "$dir" ]; then
  echo "rules-load: $dir not found (it lives in ../shared beside the project)" >&2
  exit 2
fi
mapfile -d '' files < <(find "$dir" -name '*.rules' -print0 | sort -z)
if [ "${#files[@]}" -eq 0 ]; then
  echo "rules-load: no .rules files under $dir" >&2
  exit 2
fi
failed=0
for f in "${files[@]}"; do
  if summary="$("$root/palisade" rules check --errors-only "$f")"; then
    printf 'ok    %s: %s\n' "${f#"$dir"/}" "$summary"
  else
    printf 'FAIL  %s: %s\n' "${f#"$dir"/}" "$summary"
    failed=$((failed + 1))
  fi
done
echo "rules-load: ${#files[@]} files, $failed with errors"
[ "$failed" -eq 0 ]
