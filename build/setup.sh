#!/usr/bin/env bash
# Installs the test prerequisites on a fresh machine (idempotent). Run as root for apt; skipped parts say why.
set -euo pipefail
cd "$(dirname "$0")/.."
