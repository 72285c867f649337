#!/usr/bin/env bash
# Installs the Debian packages SSR links against, when they are missing:
# libedit (REPL line editing), OpenBLAS (matrix products), zlib (gzip datasets), libjpeg and
# libpng (image decoding for the image encoder), pkg-config.
set -euo pipefail

packages=(libedit-dev libopenblas-dev zlib1g-dev libjpeg62-turbo-dev libpng-dev pkg-config)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all system packages present (${packages[*]})"
  exit 0
fi

echo "setup: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${missing[@]}"
elif command -v sudo >/dev/null 2>&1; then
  sudo apt-get update -qq && sudo apt-get install -y -qq "${missing[@]}"
else
  echo "setup: cannot install ${missing[*]}: run as root or install sudo" >&2
  exit 1
fi
