#!/usr/bin/env bash
# Puts Prometheus's `promtool` at .tools/promtool for the observability test (`npm run
# test:services` checks /metrics with `promtool check metrics`). Taken from Debian's prometheus
# package without installing it: installing would also start a Prometheus server and node exporter.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x .tools/promtool ]; then exit 0; fi
if command -v promtool >/dev/null; then mkdir -p .tools && ln -sf "$(command -v promtool)" .tools/promtool && exit 0; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && { apt-get download prometheus >/dev/null 2>&1 || { apt-get update -qq && apt-get download prometheus >/dev/null; }; })
dpkg-deb -x "$work"/prometheus_*.deb "$work/x"
mkdir -p .tools
cp "$work/x/usr/bin/promtool" .tools/promtool
.tools/promtool --version | head -1
