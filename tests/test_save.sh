#!/bin/bash
# Saving never loses or clobbers anything: devices, FIFOs and /dev/stdout are written into,
# symbolic links followed, hard links, owners and modes kept or the save refused, long names
# handled, and a signal during a save leaves the old file or the new one, never a mix.
. "$(dirname "$0")/lib.sh"
ex="$src/examples/plans.xml"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
"$riap" normalize -q -o want.xml "$ex" || fail "normalize the example"

run() { "$riap" "$@" > out 2> err; echo $? > rc; }
rc() { cat rc; }

# --- what is not a regular file is written into, never replaced
run normalize -q -o /dev/null "$ex"
expect_eq "-o /dev/null: exit 0" "$(rc)" 0
[ -c /dev/null ] && pass "/dev/null is still a character device" || fail "/dev/null is still a character device"
mkfifo fifo
cat fifo > from-fifo &
reader=$!
run normalize -q -o fifo "$ex"
wait $reader
expect_eq "-o FIFO: exit 0" "$(rc)" 0
cmp -s from-fifo want.xml && pass "-o FIFO: the reader got the document" || fail "-o FIFO: the reader got the document"
[ -p fifo ] && pass "the FIFO is still a FIFO" || fail "the FIFO is still a FIFO"
timeout 10 "$riap" normalize -q -o fifo "$ex" 2> err; rcf=$?
expect_eq "-o FIFO nobody reads: exit 2, no hang" "$rcf" 2
grep -q "no process is reading" err && pass "-o FIFO nobody reads: said so" || fail "-o FIFO nobody reads: said so" "$(cat err)"
# /dev/stdout (and /dev/fd/N) on a regular file: written where the shell's redirection put
# it, appended after what is there under >>, never truncated or renamed over
echo HEADER > appended.txt
before=$(stat -c %i appended.txt)
"$riap" normalize -q -o /dev/stdout "$ex" >> appended.txt; rca=$?
expect_eq "-o /dev/stdout >> FILE: exit 0" "$rca" 0
{ echo HEADER; cat want.xml; } > want-appended.txt
cmp -s appended.txt want-appended.txt && pass "-o /dev/stdout >> FILE: appended after what was there" ||
    fail "-o /dev/stdout >> FILE: appended after what was there" "$(head -c 200 appended.txt)"
expect_eq "-o /dev/stdout >> FILE: the same file (inode)" "$(stat -c %i appended.txt)" "$before"
"$riap" normalize -q -o /dev/fd/3 "$ex" 3>> appended.txt
{ echo HEADER; cat want.xml want.xml; } > want-appended.txt
cmp -s appended.txt want-appended.txt && pass "-o /dev/fd/3 3>> FILE: appended too" ||
    fail "-o /dev/fd/3 3>> FILE: appended too"
"$riap" normalize -q -o /dev/stdout "$ex" | cat > piped.xml
cmp -s piped.xml want.xml && pass "-o /dev/stdout into a pipe" || fail "-o /dev/stdout into a pipe"
run normalize -q -o /dev/stdout "$ex"
cmp -s out want.xml && pass "-o /dev/stdout into a file" || fail "-o /dev/stdout into a file"
mkdir dir
run normalize -q -o dir "$ex"
expect_eq "-o a directory: exit 2" "$(rc)" 2
[ -d dir ] && [ -z "$(ls dir)" ] && pass "the directory is untouched" || fail "the directory is untouched"

# --- regular files: links, owner, mode
cp "$ex" target.xml
ln -s target.xml link.xml
run normalize -q --in-place link.xml
expect_eq "--in-place through a symbolic link: exit 0" "$(rc)" 0
[ -L link.xml ] && [ "$(readlink link.xml)" = target.xml ] && pass "the link stays a link" || fail "the link stays a link"
cmp -s target.xml want.xml && pass "the link's target was replaced" || fail "the link's target was replaced"
ln -s nowhere.xml dangling.xml
run normalize -q -o dangling.xml "$ex"
expect_eq "a link to nothing: refused" "$(rc):$([ -L dangling.xml ] && [ ! -e nowhere.xml ] && echo kept)" "2:kept"
cp "$ex" hard1.xml
ln hard1.xml hard2.xml
run normalize -q --in-place hard1.xml
expect_eq "a file with another hard link: refused, exit 2" "$(rc)" 2
grep -q "hard links" err && pass "hard links: said so" || fail "hard links: said so" "$(cat err)"
cmp -s hard1.xml "$ex" && [ "$(stat -c %h hard1.xml)" = 2 ] && pass "hard links: both untouched" || fail "hard links: both untouched"
cp "$ex" mode.xml
chmod 640 mode.xml
run normalize -q --in-place mode.xml
expect_eq "the mode is kept" "$(rc):$(stat -c %a mode.xml)" "0:640"
if [ "$(id -u)" = 0 ]; then
    cp "$ex" owned.xml
    chown 1234:1235 owned.xml
    chmod 4755 owned.xml
    run normalize -q --in-place owned.xml
    expect_eq "as root: another user's file keeps its owner and mode" "$(rc):$(stat -c '%u:%g:%a' owned.xml)" "0:1234:1235:4755"
    if can_be_nobody; then
        chmod 711 "$tmp"
        mkdir shared
        chmod 777 shared
        cp "$ex" shared/root.xml
        chmod 4777 shared/root.xml
        as_nobody "$riap" normalize -q --in-place shared/root.xml 2> err
        expect_eq "another user may not take root's file over: refused" "$?:$(stat -c '%u:%a' shared/root.xml)" "2:0:4777"
        grep -q "owner" err && pass "owner: said so" || fail "owner: said so" "$(cat err)"
        cmp -s shared/root.xml "$ex" && pass "owner: the file is untouched" || fail "owner: the file is untouched"
        expect_eq "owner: no temporary file is left" "$(ls -A shared | grep -c 'riap-')" 0
    fi
fi
long=$(printf 'あ%.0s' $(seq 1 80)).xml # 244 bytes: a temporary name must be cut to fit
cp "$ex" "$long"
run normalize -q --in-place "$long"
expect_eq "--in-place on a 244-byte file name" "$(rc)" 0
cmp -s "$long" want.xml && pass "the long-named file was replaced" || fail "the long-named file was replaced"
expect_eq "no temporary file is left" "$(ls -A | grep -c 'riap-')" 0

# --- a full disk, a full standard output, an unwritable target: clean errors, nothing lost
cp "$ex" limited.xml
( ulimit -f 8; "$riap" normalize -q --in-place limited.xml ) 2> err; rcl=$?
expect_eq "a file size limit: exit 2" "$rcl" 2
grep -q "limited.xml" err && pass "a file size limit: said so" || fail "a file size limit: said so" "$(cat err)"
cmp -s limited.xml "$ex" && pass "a file size limit: the original is untouched" || fail "a file size limit: the original is untouched"
expect_eq "a file size limit: no temporary file left" "$(ls -A | grep -c '^\.limited.xml.riap-')" 0
if [ -w /dev/full ]; then
    for c in "era 令和4年度" "validate $ex" "normalize -q $ex"; do
        "$riap" $c > /dev/full 2> err; rcf=$?
        expect_eq "riap ${c%% *} > /dev/full: exit 2, said so" "$rcf:$(grep -c 'standard output' err)" "2:1"
    done
fi
if can_be_nobody; then
    mkdir -p ro && cp "$ex" ro/plan.xml && chmod 755 ro && chmod 644 ro/plan.xml && chmod 711 "$tmp"
    as_nobody "$riap" normalize -q --in-place ro/plan.xml 2> err
    expect_eq "a directory one may not write to: exit 2" "$?" 2
    grep -q "Permission denied" err && pass "a directory one may not write to: said so" || fail "a directory one may not write to: said so" "$(cat err)"
    cmp -s ro/plan.xml "$ex" && pass "a directory one may not write to: untouched" || fail "a directory one may not write to: untouched"
fi

# --- signals during the save of a large file
if [ -x "$bld/bench/validate" ]; then
    RIAP_SRCDIR="$src" "$bld/bench/validate" --plans 4000 --keep big.xml --reps 0 > /dev/null 2>&1
    sed 's|<p>|<p>　|' big.xml > orig.xml # full-width spaces for normalize to trim: new bytes
    "$riap" normalize -q -o new.xml orig.xml
    if cmp -s orig.xml new.xml || [ ! -s orig.xml ]; then
        fail "signals: a document that normalizing changes"
    else
        bad=0 caught=0
        shopt -s dotglob nullglob
        # kill_during SIG WHEN: starts a save and sends SIG at WHEN (a delay in seconds, or
        # "temp": as soon as the temporary file exists, which is while the new file is written)
        kill_during() {
            cp orig.xml victim.xml
            "$riap" normalize -q --in-place victim.xml &
            local pid=$! tmps=()
            if [ "$2" = temp ]; then
                for ((spin = 0; spin < 2000000; spin++)); do
                    tmps=(.victim.xml.riap-*)
                    [ ${#tmps[@]} -gt 0 ] && break
                    kill -0 $pid 2> /dev/null || break
                done
                [ ${#tmps[@]} -gt 0 ] && caught=$((caught + 1))
            else
                sleep "$2"
            fi
            kill -"$1" $pid 2> /dev/null
            wait $pid 2> /dev/null
            if ! cmp -s victim.xml orig.xml && ! cmp -s victim.xml new.xml; then
                bad=$((bad + 1))
                echo "SIG$1 at $2: the file is neither the old one nor the new one"
            fi
            tmps=(.victim.xml.riap-*)
            if [ "$1" != KILL ] && [ ${#tmps[@]} -gt 0 ]; then
                bad=$((bad + 1))
                echo "SIG$1 at $2: a temporary file was left"
            fi
            if [ "$1" != KILL ] && [ "$2" = temp ] && [ ${#tmps[@]} -eq 0 ] && ! cmp -s victim.xml new.xml; then
                bad=$((bad + 1))
                echo "SIG$1 while the temporary file existed: the save did not complete"
            fi
            rm -f .victim.xml.riap-*
        }
        for sig in TERM INT HUP KILL; do
            for when in temp temp temp 0.05 0.3; do
                kill_during $sig $when
            done
        done
        expect_eq "signals: some were sent while the temporary file existed" "$([ $caught -ge 6 ] && echo yes)" yes
        expect_eq "a signal at any moment: the old file or the new one, no temporary file" "$bad" 0
    fi
else
    fail "bench/validate is built (it generates the large document)"
fi
finish
