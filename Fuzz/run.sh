#!/usr/bin/env bash
# Fuzz/run.sh: builds and runs the libFuzzer targets (Fuzz/README.md).
#
#   Fuzz/run.sh [SECONDS] [TARGET...]      fuzz each target SECONDS (default 60), all targets by default
#   Fuzz/run.sh replay [TARGET...] [PATH...]
#                                          run inputs once through the targets, no fuzzing (-runs=0):
#                                          PATHs (files or corpus folders) if given, else Fuzz/regressions/TARGET
#   Fuzz/run.sh minimize TARGET CRASH [SECONDS]
#                                          minimise a crash input into Fuzz/regressions/TARGET/ (default 60 s)
#   Fuzz/run.sh hunt SECONDS [TARGET...]  fuzz going on after crashes (-fork=1 -ignore_crashes=1), then keep one
#                                          minimised input per distinct crash (trapping line and caller) in
#                                          Fuzz/regressions/TARGET/
#   Fuzz/run.sh triage [TARGET...]        the same for the crashes a hunt left in .build-fuzz/hunt/TARGET/
#   Fuzz/run.sh report [TARGET...]        a Markdown table of Fuzz/regressions: input, trapping line, caller, reason
#   Fuzz/run.sh ci                         what .ci/run runs: build, replay the regressions,
#                                          then fuzz every target FUZZ_SECONDS (30)
#   Fuzz/run.sh build | seeds | list       build the targets / make the seed corpora / name the targets
#
# Environment: FUZZ_JOBS targets at once (default 1); FUZZ_SECONDS for `ci`; FUZZ_FLAGS extra libFuzzer flags.
# Everything it makes goes under .build-fuzz/ (git-ignored): the build, seeds/, corpus/, crashes/, logs/.
set -euo pipefail
cd "$(dirname "$0")/.."

ROOT=$PWD
SCRATCH=$ROOT/.build-fuzz
PACKAGE=Fuzz/Targets
BIN=$SCRATCH/release
REGRESSIONS=$ROOT/Fuzz/regressions
TARGETS=$(sed -n 's/^ *"\([a-z-]*\)",$/\1/p' "$PACKAGE/Package.swift")
# The Swift runtime's backtracer would catch the trap before libFuzzer does and report a crash of its own.
export SWIFT_BACKTRACE=enable=no
# The tree and tar targets write each input's files: on tmpfs that is several times faster than on disk.
if [[ -z ${TMPDIR:-} && -d /dev/shm && -w /dev/shm ]]; then export TMPDIR=/dev/shm; fi
FLAGS=(-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -dict="$ROOT/Fuzz/numbers.dict")
read -r -a EXTRA <<<"${FUZZ_FLAGS:-}"

die() {
    echo "run.sh: $*" >&2
    exit 2
}

is_target() { grep -qx -- "$1" <<<"$TARGETS"; }

build() {
    local started=$SECONDS target
    echo "building the fuzz targets into .build-fuzz (release, -sanitize=fuzzer,address)"
    # One product at a time: building every product would also build the main package's executables.
    for target in $TARGETS; do
        swift build --package-path "$PACKAGE" --scratch-path "$SCRATCH" -c release \
            --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address --product "fuzz-$target" 2>&1 |
            grep -Ev '^\[[0-9]+/[0-9]+\]|Cannot export local symbol|^Building for|^Build of product' || true
        [[ -x $BIN/fuzz-$target ]] || die "fuzz-$target did not build"
    done
    echo "built ${TARGETS//$'\n'/ } in $((SECONDS - started)) s"
}

# seed TARGET PREFIX FILE...: one seed per file, named by its content's SHA-1 (so duplicates collapse), with
# PREFIX (the family's selector byte, or nothing) before the file's bytes.
seed() {
    local target=$1 prefix=$2 file sum
    shift 2
    mkdir -p "$SCRATCH/seeds/$target"
    for file in "$@"; do
        [[ -f $file ]] || continue
        sum=$( (printf '%s' "$prefix" && head -c 65536 "$file") | sha1sum | cut -c1-16)
        (printf '%s' "$prefix" && head -c 65536 "$file") >"$SCRATCH/seeds/$target/$sum"
    done
}

# tree_seed TREE: the tree as three linux-tree inputs ("@@ path" header lines, each file's bytes after its
# header), small enough to fuzz quickly: the system files (a few memory blocks), three processes with what the
# scan reads beside them, and the owner files (a few slab flags; slabinfo and vmallocinfo cut to 8 KiB); each
# with the capture record, meminfo and vmstat, which the ledger needs.
tree_seed() {
    local tree=$1 group out file
    out=$(mktemp)
    for group in system processes owners; do
        (
            cd "$tree"
            find . -type f -size -64k ! -name README.md | sed 's|^\./||' | sort | awk -F/ -v group="$group" '
                $1 == "proc" && $2 ~ /^[0-9]+$/ {
                    if (group != "processes") next
                    if (!($2 in pids)) { if (npids >= 3) next; npids++ }
                    pids[$2] = 1; print; next
                }
                $0 ~ /^(wired-capture\.txt|proc\/meminfo|proc\/vmstat)$/ { print; next }
                $0 ~ /^(sys\/fs\/cgroup\/|proc\/mounts$)/ { if (group != "system") print; next }
                $0 ~ /^(proc\/stat|etc\/passwd)$/ { if (group == "processes") print; next }
                $0 ~ /^(proc\/(slabinfo|vmallocinfo|sysvipc\/)|wired-statfs\.txt|sys\/kernel\/slab\/|sys\/class\/drm\/)/ {
                    if (group != "owners" || ($0 ~ /^sys\/kernel\/slab\// && ++slabs > 8)) next
                    print; next
                }
                group == "system" && !($0 ~ /^sys\/devices\/system\/memory\/memory/ && ++blocks > 8) && $0 !~ /config\.gz$/ { print }'
        ) | while read -r file; do
            printf '@@ %s\n' "$file"
            if (($(wc -c <"$tree/$file") > 8192)); then head -c 8192 "$tree/$file" | sed '$d'; else cat "$tree/$file"; fi
            [[ -z $(tail -c1 "$tree/$file") ]] || echo
        done >"$out"
        # A tree without any file of the group (no processes captured) gives only the three files all groups have.
        if (($(grep -c '^@@ ' "$out") > 3)); then seed linux-tree "" "$out"; fi
    done
    rm -f "$out"
}

# A DMI table with two populated memory devices (16 GiB, and 32 GiB through Extended Size) and an end marker.
dmi_seed() {
    local out
    out=$(mktemp)
    {
        printf '\x11\x22\x00\x11'
        printf '\x00%.0s' {1..8}
        printf '\x00\x40'
        printf '\x00%.0s' {1..20}
        printf '\x00\x00'
        printf '\x11\x22\x01\x11'
        printf '\x00%.0s' {1..8}
        printf '\xff\x7f'
        printf '\x00%.0s' {1..14}
        printf '\x00\x80\x00\x00'
        printf '\x00\x00\x00\x00'
        printf '\x7f\x04\x02\x00\x00\x00'
    } >"$out"
    seed linux-system d "$out"
    rm -f "$out"
}

seeds() {
    local linux=Tests/WiredLinuxTests/Fixtures darwin=Tests/WiredDarwinTests/Fixtures shared=../shared/fixtures/macos
    local tree work kind file
    rm -rf "$SCRATCH/seeds"
    mkdir -p "$SCRATCH/seeds"
    for tree in "$linux"/*/; do
        tree=${tree%/}
        seed linux-system m "$tree"/proc/meminfo "$tree"/sys/devices/system/node/node*/meminfo
        seed linux-system v "$tree"/proc/vmstat "$tree"/wired-earlier/proc/vmstat
        seed linux-system z "$tree"/proc/zoneinfo
        seed linux-system s "$tree"/proc/swaps
        seed linux-system p "$tree"/proc/pressure/memory "$tree"/wired-earlier/proc/pressure/memory
        seed linux-system c "$tree"/sys/devices/system/cpu/possible
        seed linux-system k "$tree"/dev/kmsg
        seed linux-system g "$tree"/boot/config-*
        seed linux-process t "$tree"/proc/[0-9]*/stat
        seed linux-process s "$tree"/proc/[0-9]*/status
        seed linux-process r "$tree"/proc/[0-9]*/smaps_rollup
        seed linux-process c "$tree"/proc/[0-9]*/cmdline
        seed linux-process g "$tree"/proc/[0-9]*/cgroup
        seed linux-owner s "$tree"/proc/slabinfo
        seed linux-owner h "$tree"/proc/sysvipc/shm
        seed linux-owner m "$tree"/proc/mounts
        seed linux-owner d "$tree"/proc/[0-9]*/fdinfo/*
        seed linux-owner v "$tree"/proc/vmallocinfo
        while read -r file; do seed linux-owner c "$file"; done < <(find "$tree/sys/fs/cgroup" -name memory.stat 2>/dev/null)
        tree_seed "$tree"
        seed gzip "" "$tree"/proc/config.gz
    done
    dmi_seed
    work=$(mktemp -d)
    printf '1234, 512\n99, 0\n' >"$work/nvidia" && seed linux-owner n "$work/nvidia"
    printf 'dentry' >"$work/slab" && seed linux-owner r "$work/slab"
    # macOS outputs, by the command in their names; ../shared's genuine outputs when that folder is present.
    for file in $(find "$darwin" -type f -name '*.txt') $(find "$shared" -type f -name '*.txt' 2>/dev/null); do
        case ${file##*/} in
        vm_stat*) kind=macos-vm-stat ;;
        top*) kind=macos-top ;;
        footprint*) kind=macos-footprint ;;
        zprint*) kind=macos-zprint ;;
        memory_pressure*) kind=macos-memory-pressure ;;
        sysctl*) kind=macos-sysctl ;;
        kextstat*) kind=macos-kextstat ;;
        *) continue ;;
        esac
        seed "$kind" "" "$file"
        seed tar "" "$file"
        gzip -c "$file" >"$work/one.gz" && seed gzip "" "$work/one.gz"
    done
    # Captures as archives: each folder of outputs as a tar and a tar.gz; two gzip members joined.
    for tree in "$darwin"/*/; do
        tar --format=ustar -C "$tree" -cf "$work/capture.tar" . && seed tar "" "$work/capture.tar"
        gzip -c "$work/capture.tar" >"$work/capture.tar.gz" && seed tar "" "$work/capture.tar.gz"
    done
    cat "$work/one.gz" "$work/one.gz" >"$work/two.gz" && seed gzip "" "$work/two.gz"
    # Snapshots made by the tool's code: the tree and capture seeds read and saved as JSON, plus one whole file.
    mkdir -p "$SCRATCH/seeds/snapshot"
    WIRED_FUZZ_SNAPSHOT_SEEDS=$SCRATCH/seeds/snapshot "$BIN/fuzz-linux-tree" -runs=0 "$SCRATCH/seeds/linux-tree" >/dev/null 2>&1 ||
        die "fuzz-linux-tree failed on its seeds (run: Fuzz/run.sh replay linux-tree .build-fuzz/seeds/linux-tree)"
    WIRED_FUZZ_SNAPSHOT_SEEDS=$SCRATCH/seeds/snapshot "$BIN/fuzz-tar" -runs=0 "$SCRATCH/seeds/tar" >/dev/null 2>&1 ||
        die "fuzz-tar failed on its seeds (run: Fuzz/run.sh replay tar .build-fuzz/seeds/tar)"
    file=$(find "$SCRATCH/seeds/snapshot" -name 'tar-*.json' | head -1)
    if [[ -n $file ]]; then
        (printf 'wired snapshot format 1\n' && gzip -c "$file") >"$work/file.wired" && seed snapshot "" "$work/file.wired"
    fi
    # The web config: the packaged example, configs that exercise each key, headers and hashes.
    seed web-config c Packaging/web-config.yml
    printf 'basic_auth_users:\n  alice: $2y$10$abcdefghijklmnopqrstuuL2A6k1kwB1a5YtqFtf3nXIOQdVnb9hy\n' >"$work/users" &&
        seed web-config c "$work/users"
    printf 'tls_server_config:\n  cert_file: tls.crt\n  key_file: /etc/wired/tls.key\n' >"$work/tls" && seed web-config c "$work/tls"
    printf '# nothing\n' >"$work/empty" && seed web-config c "$work/empty"
    printf 'Basic cHJvbWV0aGV1czpzM2NyZXQ=' >"$work/basic" && seed web-config a "$work/basic"
    printf 'basic  dTphOmI= ' >"$work/colon" && seed web-config a "$work/colon"
    printf '$2b$04$abcdefghijklmnopqrstuuL2A6k1kwB1a5YtqFtf3nXIOQdVnb9hy' >"$work/hash" && seed web-config h "$work/hash"
    rm -rf "$work"
    # History chains made by the store's own codec from the snapshot seeds.
    mkdir -p "$SCRATCH/seeds/history-chain"
    WIRED_FUZZ_CHAIN_SEEDS=$SCRATCH/seeds/history-chain "$BIN/fuzz-history-chain" -runs=0 "$SCRATCH/seeds/snapshot" >/dev/null 2>&1 ||
        die "fuzz-history-chain failed on the snapshot seeds"
    for target in $TARGETS; do
        printf '%-22s %4d seeds\n' "$target" "$(find "$SCRATCH/seeds/$target" -type f 2>/dev/null | wc -l)"
    done
}

# fuzz_one TARGET SECONDS: fuzzes TARGET from its corpus and seeds; prints one summary line; fails on a crash.
fuzz_one() {
    local target=$1 seconds=$2 log=$SCRATCH/logs/$1.log
    mkdir -p "$SCRATCH/corpus/$target" "$SCRATCH/crashes/$target" "$SCRATCH/seeds/$target" "$SCRATCH/logs"
    local status=0
    "$BIN/fuzz-$target" "${FLAGS[@]}" "${EXTRA[@]}" -max_total_time="$seconds" \
        -artifact_prefix="$SCRATCH/crashes/$target/" \
        "$SCRATCH/corpus/$target" "$SCRATCH/seeds/$target" >"$log" 2>&1 || status=$?
    local runs speed corpus
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    corpus=$(find "$SCRATCH/corpus/$target" -type f | wc -l)
    if ((status == 0)); then
        printf '%-22s ok     %9s runs %7s exec/s  corpus %5d\n' "$target" "${runs:-?}" "${speed:-?}" "$corpus"
    else
        printf '%-22s CRASH  %9s runs %7s exec/s  (exit %d) log: %s\n' "$target" "${runs:-?}" "${speed:-?}" \
            "$status" "${log#"$ROOT"/}"
        grep -m1 -E 'ERROR: |Fatal error|deadly signal' "$log" | sed 's/^/    /' || true
        grep -m1 -E '^Test unit written to' "$log" | sed 's/^/    /' || true
        return 1
    fi
}

fuzz() {
    local seconds=$1 parallel=${FUZZ_JOBS:-1} failed=0 target
    shift
    echo "fuzzing $# targets for $seconds s each, $parallel at a time"
    for target in "$@"; do
        while (($(jobs -rp | wc -l) >= parallel)); do wait -n || failed=1; done
        fuzz_one "$target" "$seconds" &
    done
    while (($(jobs -rp | wc -l) > 0)); do wait -n || failed=1; done
    return $failed
}

# replay TARGET PATH...: each file once through TARGET (-runs=0 for folders); prints one line per file that crashes.
replay_one() {
    local target=$1 failed=0 path file count=0
    shift
    for path in "$@"; do
        [[ -e $path ]] || continue
        while read -r file; do
            count=$((count + 1))
            if ! "$BIN/fuzz-$target" -runs=0 "${FLAGS[@]}" "$file" >"$SCRATCH/logs/replay.log" 2>&1; then
                failed=1
                printf '%-22s CRASH  %s\n' "$target" "${file#"$ROOT"/}"
                grep -m1 -E 'Fatal error|ERROR: ' "$SCRATCH/logs/replay.log" | sed 's/^/    /' || true
            fi
        done < <(find "$path" -type f ! -name '*.md' | sort)
    done
    ((failed == 0)) && printf '%-22s ok     %d inputs\n' "$target" "$count"
    return $failed
}

replay() {
    local targets=() paths=() arg target failed=0
    for arg in "$@"; do
        if is_target "$arg"; then targets+=("$arg"); else paths+=("$arg"); fi
    done
    ((${#targets[@]})) || read -r -a targets <<<"${TARGETS//$'\n'/ }"
    mkdir -p "$SCRATCH/logs"
    for target in "${targets[@]}"; do
        if ((${#paths[@]})); then
            replay_one "$target" "${paths[@]}" || failed=1
        elif [[ -d $REGRESSIONS/$target ]]; then
            replay_one "$target" "$REGRESSIONS/$target" || failed=1
        fi
    done
    return $failed
}

# minimize TARGET CRASH [SECONDS [KEY]]: the smallest input libFuzzer finds that still crashes (the same crash, by
# crash_key, when KEY is given: minimising may wander to another one), kept as Fuzz/regressions/TARGET/crash-SHA1.
minimize() {
    local target=$1 crash=$2 seconds=${3:-60} key=${4:-} out sum
    is_target "$target" || die "unknown target $target (Fuzz/run.sh list)"
    [[ -f $crash ]] || die "no such file: $crash"
    out=$(mktemp)
    mkdir -p "$SCRATCH/logs"
    "$BIN/fuzz-$target" "${FLAGS[@]}" -minimize_crash=1 -max_total_time="$seconds" \
        -exact_artifact_path="$out" "$crash" >"$SCRATCH/logs/minimize.log" 2>&1 || true
    if [[ ! -s $out ]] || [[ -n $key && $(crash_key "$target" "$out") != "$key" ]]; then
        cp "$crash" "$out"
    fi
    sum=$(sha1sum "$out" | cut -c1-12)
    mkdir -p "$REGRESSIONS/$target"
    mv "$out" "$REGRESSIONS/$target/crash-$sum"
    echo "Fuzz/regressions/$target/crash-$sum ($(wc -c <"$REGRESSIONS/$target/crash-$sum") bytes):"
    head -c 128 "$REGRESSIONS/$target/crash-$sum" | xxd
    frame_of "$target" "$REGRESSIONS/$target/crash-$sum"
}

# frame_of TARGET FILE: "path:line<TAB>reason<TAB>caller" for FILE's crash in TARGET (the innermost project frame,
# the trap's words, the next project frame out), or nothing when it does not crash.
frame_of() {
    local log
    log=$("$BIN/fuzz-$1" -runs=0 "${FLAGS[@]}" "$2" 2>&1) && return 0
    local frames reason
    frames=$(grep -oE '(Sources|Fuzz/Entries)/[^ ]+\.swift:[0-9]+' <<<"$log" | awk '!seen[$0]++' || true)
    # The Swift trap's own words when there are any (they come after libFuzzer's "deadly signal" line).
    reason=$(grep -m1 -oE 'Swift runtime failure: [^/]+|Fatal error: .*' <<<"$log" ||
        grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer): [a-z -]+' <<<"$log" || true)
    reason=${reason%"${reason##*[! ]}"}
    printf '%s\t%s\t%s\n' "$(sed -n 1p <<<"$frames")" "${reason:-crash}" "$(sed -n 2p <<<"$frames")"
}

# hunt SECONDS TARGET...: fuzzes each target in fork mode, going on after crashes, then keeps one minimised input
# per distinct crashing line (one not already covered by Fuzz/regressions) in Fuzz/regressions/TARGET/.
hunt() {
    local seconds=$1 parallel=${FUZZ_JOBS:-1} target
    shift
    echo "hunting in $# targets for $seconds s each, $parallel at a time"
    for target in "$@"; do
        while (($(jobs -rp | wc -l) >= parallel)); do wait -n || true; done
        mkdir -p "$SCRATCH/hunt/$target" "$SCRATCH/corpus/$target" "$SCRATCH/logs"
        "$BIN/fuzz-$target" "${FLAGS[@]}" "${EXTRA[@]}" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
            -max_total_time="$seconds" -artifact_prefix="$SCRATCH/hunt/$target/" \
            "$SCRATCH/corpus/$target" "$SCRATCH/seeds/$target" >"$SCRATCH/logs/hunt-$target.log" 2>&1 &
    done
    while (($(jobs -rp | wc -l) > 0)); do wait -n || true; done
    for target in "$@"; do triage "$target"; done
}

# crash_key TARGET FILE: "trapping line <- caller", what tells two crashes apart; nothing when FILE does not crash.
crash_key() {
    frame_of "$1" "$2" | awk -F'\t' '{ print ($1 == "" ? "unknown" : $1) " <- " ($3 == "" ? "?" : $3) }'
}

# triage TARGET: one minimised input per distinct crash (trapping line and caller) among the inputs a hunt left
# in .build-fuzz/hunt/TARGET/, for the crashes Fuzz/regressions/TARGET does not cover yet.
triage() {
    local target=$1 known="" file key size
    for file in "$REGRESSIONS/$target"/*; do
        if [[ -f $file ]]; then known+=$(crash_key "$target" "$file")$'\n'; fi
    done
    echo "$target: $(find "$SCRATCH/hunt/$target" -type f -name 'crash-*' 2>/dev/null | wc -l) crash inputs" \
        "($(grep -m1 -oE 'oom/timeout/crash: [0-9/]+' <(tac "$SCRATCH/logs/hunt-$target.log" 2>/dev/null) || true))"
    # Smallest input first, so each crash keeps its smallest input.
    while read -r size file; do
        key=$(crash_key "$target" "$file")
        if [[ -z $key ]] || grep -qxF -- "$key" <<<"$known"; then continue; fi
        known+=$key$'\n'
        echo "  $key ($size bytes before minimising)"
        minimize "$target" "$file" 60 "$key" | sed 's/^/    /'
    done < <(find "$SCRATCH/hunt/$target" -type f -name 'crash-*' -printf '%s %p\n' 2>/dev/null | sort -n)
}

# escaped FILE: its first 60 bytes as text, \n, \t and \xHH for the rest (and for | and `, which Markdown tables take).
escaped() {
    local hex byte out=""
    for hex in $(head -c 60 "$1" | xxd -p -c 60 | sed 's/../& /g'); do
        byte=$((16#$hex))
        if ((byte == 10)); then out+='\n'
        elif ((byte == 9)); then out+='\t'
        elif ((byte == 92)); then out+='\\'
        elif ((byte >= 32 && byte < 127 && byte != 124 && byte != 96)); then out+=$(printf "\\x$hex")
        else out+="\\x$hex"; fi
    done
    (($(wc -c <"$1") > 60)) && out+=…
    printf '%s' "$out"
}

# report [TARGET...]: a Markdown table of the kept crash inputs, with where each traps and why.
report() {
    local target file frame reason caller
    echo "| target | file | input | traps at | called from | reason |"
    echo "| --- | --- | --- | --- | --- | --- |"
    for target in "$@"; do
        for file in "$REGRESSIONS/$target"/*; do
            [[ -f $file ]] || continue
            IFS=$'\t' read -r frame reason caller < <(frame_of "$target" "$file") || { frame="(no crash)" reason="" caller=""; }
            printf '| %s | %s | `%s` | %s | %s | %s |\n' "$target" "${file##*/}" "$(escaped "$file")" "$frame" "$caller" "$reason"
        done
    done
}

command=${1:-60}
case $command in
list) echo "$TARGETS" ;;
build) build ;;
seeds)
    build
    seeds
    ;;
replay)
    shift
    build
    replay "$@"
    ;;
minimize)
    shift
    (($# >= 2)) || die "usage: Fuzz/run.sh minimize TARGET CRASH [SECONDS]"
    build
    minimize "$@"
    ;;
hunt)
    shift
    [[ ${1:-} =~ ^[0-9]+$ ]] || die "usage: Fuzz/run.sh hunt SECONDS [TARGET...]"
    seconds=$1
    shift
    for target in "$@"; do is_target "$target" || die "unknown target $target (Fuzz/run.sh list)"; done
    (($#)) || set -- $TARGETS
    build
    seeds
    hunt "$seconds" "$@"
    ;;
report)
    shift
    for target in "$@"; do is_target "$target" || die "unknown target $target (Fuzz/run.sh list)"; done
    (($#)) || set -- $TARGETS
    build >&2
    report "$@"
    ;;
triage)
    shift
    for target in "$@"; do is_target "$target" || die "unknown target $target (Fuzz/run.sh list)"; done
    (($#)) || set -- $TARGETS
    build
    for target in "$@"; do triage "$target"; done
    ;;
ci)
    build
    seeds
    replay
    read -r -a all <<<"${TARGETS//$'\n'/ }"
    fuzz "${FUZZ_SECONDS:-30}" "${all[@]}"
    ;;
*)
    [[ $command =~ ^[0-9]+$ ]] || die "unknown command $command (see the top of Fuzz/run.sh)"
    shift
    for target in "$@"; do is_target "$target" || die "unknown target $target (Fuzz/run.sh list)"; done
    (($#)) || set -- $TARGETS
    build
    seeds
    fuzz "$command" "$@"
    ;;
esac
