#!/usr/bin/env bash
# Benchmarks/redaction.sh [REV] [ROUNDS] [PART]: time CommandLineRedactor over the corpus
# (Tests/Corpus/redaction.txt) × ROUNDS (default 1000), built with -O -wmo as a release build is. With REV (a
# git revision, `.` for the working tree), times the redactor as it was there, on today's corpus, for a
# before/after comparison. PART `secret` or `keep` times only the lines with secrets or only the look-alikes.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
REV=${1:-.}
ROUNDS=${2:-1000}
PART=${3:-}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [[ $REV != . ]]; then
    for path in Sources/WiredCore/Analysis/CommandLineRedactor.swift Sources/WiredCore/Redaction; do
        git archive "$REV" "$path" 2>/dev/null | tar -x -C "$WORK" 2>/dev/null || true
    done
    SOURCES=$(find "$WORK/Sources" -name '*.swift')
else
    SOURCES=$(find "$ROOT/Sources/WiredCore/Redaction" -name '*.swift')
fi
# shellcheck disable=SC2086 # SOURCES is a list of paths without spaces
(cd "$WORK" && swiftc -O -wmo -parse-as-library -module-name RedactionBenchmark -o "$WORK/bench" $SOURCES \
    "$ROOT/Sources/WiredTestSupport/RedactionCorpus.swift" "$ROOT/Sources/WiredTestSupport/Fixtures.swift" \
    "$ROOT/Benchmarks/redaction-main.swift")
"$WORK/bench" "$ROUNDS" $PART
