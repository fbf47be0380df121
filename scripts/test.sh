#!/usr/bin/env bash
# npm test: every test file under test/, or only the files named, with node:test's own flags passed on.
#   npm test                                          # everything (PGlite; PostgreSQL too with TEST_DATABASE_URL)
#   npm test -- test/http/fills.test.ts               # one file
#   npm test -- --test-name-pattern='double book'     # tests whose name matches, in every file
# Flags take their value after `=` (a bare word is read as a file).
set -euo pipefail
cd "$(dirname "$0")/.."
files=()
flags=()
for arg in "$@"; do
  case "$arg" in
    -*) flags+=("$arg") ;;
    *) files+=("$arg") ;;
  esac
done
[ ${#files[@]} -gt 0 ] || mapfile -t files < <(find test -name '*.test.ts' | sort)
exec node --import tsx --test --test-concurrency=1 ${flags[@]+"${flags[@]}"} "${files[@]}"
