# Shared environment for the project's scripts: where build output and tools live.
# Kept outside the clone so repeated runs (and CI in a fresh clone) build incrementally.
export FAIRDESK_CACHE="${FAIRDESK_CACHE:-$HOME/.cache/fairdesk}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$FAIRDESK_CACHE/target}"
export UI_TARGET_DIR="${UI_TARGET_DIR:-$FAIRDESK_CACHE/ui-target}"
export TOOLS_DIR="${TOOLS_DIR:-$FAIRDESK_CACHE/tools}"
export PATH="$TOOLS_DIR/bin:$PATH"
