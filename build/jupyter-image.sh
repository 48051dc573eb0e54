#!/usr/bin/env bash
# Makes local/jupyter:1, a Debian 12 image with Jupyter's machinery (python3, python3-ipykernel,
# jupyter-nbconvert), for notebook steps with `image:`. No registry may be reachable, so the image is
# not pulled: mmdebstrap builds the root file system from the Debian mirror apt already uses, and
# `docker import` loads it. Idempotent: an existing image is kept. Needs root and a running engine
# (bash build/docker-up.sh).
set -euo pipefail
DOCKER=$(command -v /usr/bin/docker || command -v docker)
if $DOCKER image inspect local/jupyter:1 >/dev/null 2>&1; then
  echo "image local/jupyter:1 ready"; exit 0
fi
if [ "$(id -u)" -ne 0 ]; then echo "jupyter-image: building the image needs root; run: sudo bash $0" >&2; exit 1; fi
command -v mmdebstrap >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >/dev/null; }
mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mmdebstrap --quiet --variant=apt --include=python3-ipykernel,jupyter-nbconvert \
  --aptopt='APT::Install-Recommends "false"' --aptopt='Acquire::Check-Valid-Until "false"' \
  bookworm "$scratch/rootfs.tar" ${mirror:-http://deb.debian.org/debian}
$DOCKER import -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin' "$scratch/rootfs.tar" local/jupyter:1 >/dev/null
echo "image local/jupyter:1 ready ($($DOCKER run --rm local/jupyter:1 python3 -c 'import platform, nbclient, nbconvert, ipykernel; print("Python", platform.python_version(), "nbclient", nbclient.__version__)'))"
