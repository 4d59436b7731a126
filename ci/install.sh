#!/usr/bin/env bash
# Installs a released mlinit binary for the GitHub Action, verifying it before use.
#
#   install.sh resolve   print version=X.Y.Z (resolving "latest" through the API)
#   install.sh install   download, verify and unpack into MLINIT_INSTALL_DIR;
#                        print mlinit-path=… (reuses a binary already there: cache hit)
#
# Every input comes through the environment (the action passes its inputs via env:):
#   MLINIT_VERSION       "latest", "vX.Y.Z" or "X.Y.Z" (default latest)
#   MLINIT_INSTALL_DIR   where the binary goes (required for install)
#   MLINIT_TOKEN         GitHub token, sent to the API only (rate limits)
#   MLINIT_REPO          owner/name (default mlinit/mlinit)
#   MLINIT_API_URL       API base (default https://api.github.com)
#   MLINIT_DOWNLOAD_URL  download base (default https://github.com)
#   MLINIT_OS, MLINIT_ARCH  override the platform (default from RUNNER_OS/RUNNER_ARCH, then uname)
# Outputs go to $GITHUB_OUTPUT when set, and to stdout.
set -euo pipefail

repo="${MLINIT_REPO:-mlinit/mlinit}"
api="${MLINIT_API_URL:-https://api.github.com}"
downloads="${MLINIT_DOWNLOAD_URL:-https://github.com}"

die() { echo "mlinit-install: $*" >&2; exit 1; }

output() {
  echo "$1"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1" >>"$GITHUB_OUTPUT"; fi
}

fetch() { # fetch URL FILE [api]
  local auth=()
  if [ "${3:-}" = api ] && [ -n "${MLINIT_TOKEN:-}" ]; then
    auth=(-H "Authorization: Bearer ${MLINIT_TOKEN}")
  fi
  curl -fsL --retry 3 --retry-delay 1 --connect-timeout 20 ${auth[@]+"${auth[@]}"} -o "$2" "$1"
}

# platform sets os and arch (globals: a die inside $(…) would not stop the script).
platform() {
  os="${MLINIT_OS:-}"
  arch="${MLINIT_ARCH:-}"
  if [ -z "$os" ]; then
    case "${RUNNER_OS:-$(uname -s)}" in
      Linux) os=linux ;;
      macOS | Darwin) os=darwin ;;
      Windows | MINGW* | MSYS* | CYGWIN*) os=windows ;;
      *) os="unknown-${RUNNER_OS:-$(uname -s)}" ;;
    esac
  fi
  if [ -z "$arch" ]; then
    case "${RUNNER_ARCH:-$(uname -m)}" in
      X64 | x86_64 | amd64) arch=amd64 ;;
      ARM64 | arm64 | aarch64) arch=arm64 ;;
      *) arch="unknown-${RUNNER_ARCH:-$(uname -m)}" ;;
    esac
  fi
  case "$os/$arch" in
    linux/amd64 | linux/arm64 | darwin/amd64 | darwin/arm64 | windows/amd64 | windows/arm64) ;;
    *) die "unsupported platform $os/$arch: releases exist for linux, darwin and windows on amd64 and arm64" ;;
  esac
}

resolve() {
  local v="${MLINIT_VERSION:-latest}"
  if [ "$v" = latest ] || [ -z "$v" ]; then
    local tmp
    tmp="$(mktemp)"
    fetch "$api/repos/$repo/releases/latest" "$tmp" api || die "cannot read the latest release of $repo from $api"
    v="$(sed -n 's/.*"tag_name"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$tmp" | head -n 1)"
    rm -f "$tmp"
    [ -n "$v" ] || die "the latest release of $repo has no tag_name"
  fi
  v="${v#v}"
  [[ "$v" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]] || die "version \"$v\" is not X.Y.Z"
  echo "$v"
}

sha256_of() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

install() {
  [ -n "${MLINIT_INSTALL_DIR:-}" ] || die "MLINIT_INSTALL_DIR is not set"
  local version ext exe archive base want got
  platform
  version="$(resolve)" || exit 1
  exe=mlinit
  ext=tar.gz
  if [ "$os" = windows ]; then exe=mlinit.exe; ext=zip; fi
  mkdir -p "$MLINIT_INSTALL_DIR"
  if [ -x "$MLINIT_INSTALL_DIR/$exe" ]; then
    echo "mlinit-install: cache hit for $version ($os/$arch)" >&2
    output "mlinit-path=$MLINIT_INSTALL_DIR/$exe"
    return
  fi
  archive="mlinit_${version}_${os}_${arch}.${ext}"
  base="$downloads/$repo/releases/download/v$version"
  workdir="$(mktemp -d)"
  trap 'rm -rf "$workdir"' EXIT
  local tmp="$workdir"
  fetch "$base/checksums.txt" "$tmp/checksums.txt" || die "cannot download checksums.txt of v$version"
  want="$(awk -v f="$archive" '$2 == f || $2 == "*" f {print $1}' "$tmp/checksums.txt" | tr -d '\r' | head -n 1)"
  [ -n "$want" ] || die "checksums.txt of v$version lists no $archive (no release for $os/$arch?)"
  fetch "$base/$archive" "$tmp/$archive" || die "cannot download $archive"
  got="$(sha256_of "$tmp/$archive")"
  [ "$got" = "$want" ] || die "checksum mismatch for $archive: checksums.txt says $want, the download is $got"
  mkdir -p "$tmp/x"
  if [ "$ext" = zip ]; then unzip -q -o "$tmp/$archive" "$exe" -d "$tmp/x"
  else tar -xzf "$tmp/$archive" -C "$tmp/x" "$exe"; fi
  [ -f "$tmp/x/$exe" ] || die "$archive holds no $exe"
  chmod 0755 "$tmp/x/$exe"
  mv "$tmp/x/$exe" "$MLINIT_INSTALL_DIR/$exe"
  echo "mlinit-install: installed mlinit $version ($os/$arch), sha256 verified" >&2
  output "mlinit-path=$MLINIT_INSTALL_DIR/$exe"
}

case "${1:-}" in
  resolve)
    v="$(resolve)" || exit 1
    output "version=$v"
    ;;
  install) install ;;
  *) die "usage: install.sh resolve|install" ;;
esac
