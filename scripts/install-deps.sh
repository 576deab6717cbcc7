#!/usr/bin/env bash
# install-deps.sh — makes sure the build dependencies are installed (Debian/Ubuntu):
# a C compiler, make, pkg-config, libsqlite3-dev, libedit-dev, the compression
# libraries Parquet needs (snappy, zstd, lz4, zlib, brotli), PCRE2 (regular
# expressions), OpenSSL's libcrypto (digests) and tzdata (the time zone rules
# TIMESTAMP WITH TIME ZONE reads from /usr/share/zoneinfo). Quiet when all are
# present; installs the missing ones with apt-get when run as root, else prints
# the command to run and exits 1.
set -euo pipefail

missing=()
have_pkg() { dpkg -s "$1" >/dev/null 2>&1; }

if ! command -v dpkg >/dev/null 2>&1; then
    # not Debian: check what we can and tell the user what is needed
    ok=1
    command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || ok=0
    command -v make >/dev/null 2>&1 || ok=0
    [ -f /usr/include/sqlite3.h ] || ok=0
    [ -f /usr/include/editline/readline.h ] || ok=0
    [ -f /usr/include/pcre2.h ] || ok=0
    [ -f /usr/include/openssl/evp.h ] || ok=0
    [ -f /usr/include/zlib.h ] || ok=0
    [ -f /usr/share/zoneinfo/America/New_York ] || ok=0
    if [ "$ok" -eq 0 ]; then
        echo "install-deps: please install a C compiler, make, pkg-config and the development files of SQLite 3, libedit, PCRE2, OpenSSL, zlib, snappy, zstd, lz4 and brotli, and the IANA time zone database in /usr/share/zoneinfo (tzdata)" >&2
        exit 1
    fi
    exit 0
fi

if ! command -v cc >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then missing+=(gcc); fi
for p in make pkg-config libsqlite3-dev libedit-dev libsnappy-dev libzstd-dev liblz4-dev zlib1g-dev libbrotli-dev libpcre2-dev libssl-dev tzdata; do
    have_pkg "$p" || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    echo "install-deps: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}"
else
    echo "install-deps: missing packages: ${missing[*]}" >&2
    echo "run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
