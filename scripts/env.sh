# Sourced by the scripts: one build cache outside the clone, so a fresh clone
# (and CI) reuses earlier builds instead of compiling Tauri from scratch.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/deskbell/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT
# The API docs live beside the checkout (../shared/api-docs); tests read them.
export DESKBELL_API_DOCS="${DESKBELL_API_DOCS:-$REPO_ROOT/../shared/api-docs}"
