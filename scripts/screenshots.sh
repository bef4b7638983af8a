#!/usr/bin/env bash
# Retakes the README's screenshots (docs/screenshots/{inbox,thread,dark}.png) from
# the real app in demo mode, under the throwaway desktop. Look at them after every
# UI change.
#   scripts/screenshots.sh
set -euo pipefail
exec "$(dirname "$0")/e2e.sh" shots::readme_screenshots -- --ignored --exact
