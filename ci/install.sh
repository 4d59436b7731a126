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
#   MLINIT_KEYS_FILE     trusted public keys (default: keys.txt beside this script)
# checksums.txt must carry a valid Ed25519 signature (checksums.txt.sig) from a
# trusted key, checked with OpenSSL 3, before any archive is trusted.
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

# find_openssl prints an openssl that verifies raw Ed25519 (OpenSSL 3; macOS's
# LibreSSL cannot, Homebrew's openssl@3 can).
find_openssl() {
  local c
  for c in openssl /opt/homebrew/opt/openssl@3/bin/openssl /usr/local/opt/openssl@3/bin/openssl; do
    if command -v "$c" >/dev/null 2>&1 && "$c" version 2>/dev/null | grep -q '^OpenSSL [3-9]'; then
      command -v "$c"
      return
    fi
  done
  return 1
}

# verify_signature DIR: DIR/checksums.txt must be signed (DIR/checksums.txt.sig) by
# a trusted key, and no signature by a trusted key may be invalid.
verify_signature() {
  local dir="$1" keys ssl alg id sig key kid valid=0
  keys="${MLINIT_KEYS_FILE:-$(dirname "${BASH_SOURCE[0]}")/keys.txt}"
  [ -r "$keys" ] || die "no trusted keys file $keys"
  ssl="$(find_openssl)" || die "verifying the release signature needs OpenSSL 3 (openssl on PATH)"
  while read -r alg id sig; do
    case "$alg" in "" | "#"*) continue ;; esac
    [ "$alg" = ed25519 ] || continue
    while read -r key; do
      case "$key" in "" | "#"*) continue ;; esac
      kid="$(printf '%s' "$key" | "$ssl" base64 -d -A | sha256_of - | cut -c1-16)"
      [ "$kid" = "$id" ] || continue
      # DER SubjectPublicKeyInfo for Ed25519 is a fixed 12-byte prefix + the raw key.
      { printf '\060\052\060\005\006\003\053\145\160\003\041\000'; printf '%s' "$key" | "$ssl" base64 -d -A; } >"$dir/key.der"
      printf '%s' "$sig" | "$ssl" base64 -d -A >"$dir/sig.bin"
      if "$ssl" pkeyutl -verify -pubin -inkey "$dir/key.der" -keyform DER -rawin \
        -in "$dir/checksums.txt" -sigfile "$dir/sig.bin" >/dev/null 2>&1; then
        valid=1
      else
        die "checksums.txt has an invalid signature by trusted key $id: the release was tampered with"
      fi
    done <"$keys"
  done <"$dir/checksums.txt.sig"
  [ "$valid" = 1 ] || die "checksums.txt is not signed by a trusted key (known keys: $keys)"
}

sha256_of() { # FILE, or - for stdin
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
  fetch "$base/checksums.txt.sig" "$tmp/checksums.txt.sig" || die "cannot download checksums.txt.sig of v$version (unsigned release)"
  verify_signature "$tmp"
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
  echo "mlinit-install: installed mlinit $version ($os/$arch), signature and sha256 verified" >&2
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
