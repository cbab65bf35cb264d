#!/usr/bin/env bash
# Installs what the tests and the conformance cross-checks need beyond the .NET 10 SDK:
# tshark (reads our captures in tests; the shared normalizer uses it), python3 (the shared normalizer) and
# tcpdump (tests compare our tcpdump text output with the real one on the kernel's captures).
# Idempotent: does nothing when both are present. Needs root (apt-get) on Debian/Ubuntu.
set -euo pipefail
need=()
command -v tshark >/dev/null 2>&1 || need+=(tshark)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v tcpdump >/dev/null 2>&1 || need+=(tcpdump)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "setup: need ${need[*]}; run as root (apt-get install -y ${need[*]})" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
apt-get update -qq
apt-get install -y -qq "${need[@]}" >/dev/null
