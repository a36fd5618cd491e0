#!/usr/bin/env bash
# The README's commands as a newcomer types them (run by .ci/run after the tests; by hand:
# `bash scripts/ci-newcomer.sh`, which tries the committed HEAD).
#
# A fresh clone of the commit, a fresh HOME (no npm config, cache or keychain), the machine's own
# Node on PATH and no compiler: stubs named cc, make, python… come first on PATH and fail loudly.
# Every command run below is read out of README.md (the first line of a ```sh block that starts
# with the given words, without its comment), so the documented path cannot drift from the tested
# one: change a command in the README and this runs the new one; remove it and this fails.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
commit=$(git -C "$root" rev-parse HEAD)
started=$SECONDS
work=$(mktemp -d -t steward-newcomer-XXXXXX)
repo="$work/repo"
host_job=''
host_data=''
checks=0
passed() { checks=$((checks + 1)); }

say() { printf '\n== %s\n' "$*"; }
fail() {
  printf '\nci-newcomer: FAILED: %s\n' "$*" >&2
  for log in "$work"/*.log; do [ -s "$log" ] && { printf -- '--- %s\n' "${log##*/}" >&2; tail -n 25 "$log" >&2; }; done
  exit 1
}

stop_host() {
  [ -n "$host_job" ] || return 0
  local pid
  pid=$(sed -n 's/.*"pid": *\([0-9]*\).*/\1/p' "$host_data/host.json" 2>/dev/null || true)
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; else kill -TERM "$host_job" 2>/dev/null || true; fi
  local waited=0
  while kill -0 "$host_job" 2>/dev/null && [ $waited -lt 100 ]; do sleep 0.1; waited=$((waited + 1)); done
  kill -0 "$host_job" 2>/dev/null && { kill -KILL "$host_job" 2>/dev/null || true; fail "the host did not stop within 10 s of SIGTERM"; }
  wait "$host_job" 2>/dev/null || true
  host_job=''
}
cleanup() {
  stop_host || true
  if [ "${KEEP_NEWCOMER:-}" = 1 ]; then echo "ci-newcomer: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# The README's command that starts with "$1": the first such line of a ```sh block, comment removed.
documented() {
  local line
  line=$(awk -v prefix="$1" '
    /^```/ { block = block ? 0 : ($0 ~ /^```sh[[:space:]]*$/ ? 1 : 2); next }
    block == 1 && index($0, prefix) == 1 { sub(/[[:space:]]+#.*$/, ""); sub(/[[:space:]]+$/, ""); print; exit }
  ' "$repo/README.md")
  [ -n "$line" ] || fail "README.md no longer shows a command starting with: $1"
  printf '%s' "$line"
}

# Runs a documented command in the foreground; its output goes to $work/<name>.log.
run_documented() {
  local name=$1 prefix=$2 command
  command=$(documented "$prefix")
  printf '$ %s\n' "$command"
  (cd "$repo" && eval "$command") >"$work/$name.log" 2>&1 || fail "\`$command\` exited with $?"
  passed
  sed 's/^/  /' "$work/$name.log" | head -n 12
}

expect_in() {
  grep -qF -- "$2" "$work/$1.log" || fail "$1: expected to see \"$2\""
  passed
}
expect_not_in() {
  if grep -qE -- "$2" "$work/$1.log"; then fail "$1: did not expect \"$2\": $(grep -m1 -E -- "$2" "$work/$1.log")"; fi
  passed
}

# Starts a documented host command in the background and waits for its address.
start_host() {
  local name=$1 command=$2
  host_data=$3
  printf '$ %s &\n' "$command"
  (cd "$repo" && eval "$command") >"$work/$name.log" 2>"$work/$name.err.log" &
  host_job=$!
  local waited=0
  until grep -q '^Steward is running at ' "$work/$name.log"; do
    kill -0 "$host_job" 2>/dev/null || { host_job=''; fail "\`$command\` exited before it printed its address"; }
    [ $waited -lt 600 ] || fail "\`$command\` printed no address within 60 s"
    sleep 0.1
    waited=$((waited + 1))
  done
  passed
  url=$(sed -n 's/^Steward is running at \(.*\)$/\1/p' "$work/$name.log")
  base=${url%%#*}
  token=${url#*#token=}
  # stderr's notes come just after the address.
  sleep 0.5
  sed 's/^/  /' "$work/$name.log" "$work/$name.err.log"
}

probe_host() {
  local page status
  page=$(curl -fsS "$base") || fail "the UI at $base did not load"
  case $page in *'<title>'*) ;; *) fail "the UI at $base is not a page" ;; esac
  [ "$(curl -s -o /dev/null -w '%{http_code}' "${base}api/status")" = 401 ] || fail "the API answered without the token"
  status=$(curl -fsS -H "Authorization: Bearer $token" "${base}api/status") || fail "the API refused the printed token"
  case $status in *'"paused":false'*) ;; *) fail "unexpected status from the API: $status" ;; esac
  passed
  echo "  probed: the UI loads, the API refuses no token and answers with the printed one"
}

# --- The newcomer's machine -------------------------------------------------------------------
mkdir -p "$work/home" "$work/no-compiler"
for tool in cc gcc g++ c++ clang clang++ make gmake python python3; do
  printf '#!/bin/sh\necho "%s $*" >>"%s/compiler-calls.log"\necho "%s is not installed (ci-newcomer)" >&2\nexit 127\n' "$tool" "$work" "$tool" >"$work/no-compiler/$tool"
  chmod +x "$work/no-compiler/$tool"
done
node_dir=$(dirname "$(command -v node)")
export HOME="$work/home"
export PATH="$work/no-compiler:$node_dir:/usr/local/bin:/usr/bin:/bin"
# No keychain, no CI flag, nothing npm or Steward would read from the session that started this.
unset DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR CREDENTIALS_DIRECTORY STEWARD_DATA_DIR NODE_OPTIONS CI
for variable in $(env | sed -n 's/^\([Nn][Pp][Mm]_[A-Za-z_]*\)=.*/\1/p'); do unset "$variable"; done
data="$HOME/.config/Steward"

say "a fresh clone of $commit, HOME=$HOME, node $(node --version) from $node_dir, npm $(npm --version)"
git clone --quiet --no-hardlinks "$root" "$repo"
git -C "$repo" checkout --quiet --detach "$commit"

say "install (README: the first command)"
install=$(documented 'npm ci')
install=${install%% && *}
[ "$install" = 'npm ci' ] || fail "the README's first command no longer starts with npm ci: $install"
printf '$ %s\n' "$install"
(cd "$repo" && npm ci --no-audit --no-fund) >"$work/npm-ci.log" 2>&1 || fail "npm ci failed"
[ ! -s "$work/compiler-calls.log" ] || fail "npm ci called a compiler: $(cat "$work/compiler-calls.log")"
expect_not_in npm-ci 'gyp|not yet covered by allowScripts'
[ ! -e "$repo/node_modules/better-sqlite3/build" ] || fail "better-sqlite3 was built from source"
echo "  installed without a compiler in $((SECONDS - started)) s; better-sqlite3 uses its bundled prebuilt"

say "the CLI"
run_documented help 'npx steward --help'
expect_in help 'Usage: steward'
expect_not_in help 'EBADENGINE|npm warn'

say "headless, as a newcomer starts it (no keychain here)"
start_host host "$(documented 'npx steward host')" "$data"
grep -qF 'Note: accounts cannot be added yet' "$work/host.err.log" || fail "the host did not say that, without a keychain, accounts cannot be added"
probe_host
run_documented status 'npx steward status'
expect_in status "Answering at $base"
run_documented pause 'npx steward pause'
expect_in pause 'Paused: Steward will not act'
run_documented paused-status 'npx steward status'
expect_in paused-status 'PAUSED: Steward will not act'
run_documented resume 'npx steward resume'
expect_in resume 'Resumed.'
run_documented ledger 'npx steward ledger'
expect_in ledger 'chain intact'
run_documented accounts 'npx steward accounts list'
expect_in accounts 'No accounts yet'
# Gmail as the README types it, on a machine where no OAuth client was set up yet: the words that
# say how to make one, and nothing added (a real sign-in needs a browser and Google).
gmail=$(documented 'npx steward accounts add gmail')
printf '$ %s   (no client ID configured)\n' "$gmail"
unset STEWARD_GOOGLE_CLIENT_ID STEWARD_GOOGLE_CLIENT_SECRET STEWARD_GOOGLE_ORIGIN
status=0
(cd "$repo" && eval "$gmail") >"$work/gmail.log" 2>&1 || status=$?
[ "$status" = 2 ] || fail "\`$gmail\` without a client ID exited with $status, not 2"
sed 's/^/  /' "$work/gmail.log" | head -n 3
expect_in gmail 'Steward needs a Google OAuth client ID to sign in to Google'
expect_in gmail '--client-id'
run_documented accounts-after-gmail 'npx steward accounts list'
expect_in accounts-after-gmail 'No accounts yet'
stop_host

say "headless without a keychain (README: Running headless without a keychain)"
export PASSPHRASE='newcomer passphrase 7'
first=$(documented "printf '%s' \"\$PASSPHRASE\" | npx steward host --secrets-file")
later=$(documented "printf '%s' \"\$PASSPHRASE\" | npx steward host --passphrase-stdin")
start_host secrets-first "$first" "$data"
grep -qF "Secrets: created the encrypted file $data/secrets.age." "$work/secrets-first.err.log" || fail "the first start did not create the secrets file"
probe_host
stop_host
[ "$(stat -c %a "$data/secrets.age")" = 600 ] && [ "$(stat -c %a "$data/secrets.key.age")" = 600 ] || fail "the secrets files are not 0600"
before=$(sha256sum "$data/secrets.age" "$data/secrets.key.age")
printf '$ %s   (with a wrong passphrase)\n' "$later"
if (cd "$repo" && PASSPHRASE='not the passphrase' eval "$later") >"$work/wrong.log" 2>&1; then fail "a wrong passphrase started the host"; fi
sed 's/^/  /' "$work/wrong.log"
expect_in wrong 'The passphrase does not open'
[ "$before" = "$(sha256sum "$data/secrets.age" "$data/secrets.key.age")" ] || fail "a wrong passphrase changed the secrets files"
start_host secrets-later "$later" "$data"
grep -qF "Secrets: unlocked the encrypted file $data/secrets.age." "$work/secrets-later.err.log" || fail "the later start did not unlock the secrets file"
probe_host
run_documented secrets-status 'npx steward status'
expect_in secrets-status "Answering at $base"
stop_host

say "the systemd unit's command, with the passphrase as a credential"
exec_start=$(sed -n 's/^ExecStart=//p' "$repo/README.md" | head -n 1)
service_data=$(sed -n 's/^Environment=STEWARD_DATA_DIR=//p' "$repo/README.md" | head -n 1)
[ -n "$exec_start" ] && [ -n "$service_data" ] || fail "README.md no longer shows the unit's ExecStart= and STEWARD_DATA_DIR"
grep -q '^LoadCredential=steward-passphrase:' "$repo/README.md" || fail "README.md no longer loads the steward-passphrase credential"
mkdir -p "$work/credentials" "$work/service-data"
printf '%s\n' "$PASSPHRASE" >"$work/credentials/steward-passphrase"
# The unit's paths, moved into this clone; its port, to any free one (8080 may be taken here).
service_command=${exec_start//\/opt\/steward/$repo}
service_command=${service_command/--port 8080/--port 0}
for run in first again; do
  start_host "service-$run" "CREDENTIALS_DIRECTORY='$work/credentials' STEWARD_DATA_DIR='$work/service-data' $service_command </dev/null" "$work/service-data"
  probe_host
  stop_host
done
grep -qF 'Secrets: created the encrypted file' "$work/service-first.err.log" || fail "the service's first start did not create the secrets file"
grep -qF 'Secrets: unlocked the encrypted file' "$work/service-again.err.log" || fail "the service's second start did not unlock the secrets file"
[ ! -s "$work/compiler-calls.log" ] || fail "something called a compiler: $(cat "$work/compiler-calls.log")"

say "every README command above worked as typed, in $((SECONDS - started)) s"
# The plain closing line CI reads: the checks above that passed (commands, outputs, probes).
echo "ci-newcomer: $checks passed, 0 failed"
