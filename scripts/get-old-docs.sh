#!/usr/bin/env bash
# Re-cut a docs version from an older commit: ./scripts/get-old-docs.sh <commit> <version> [options]
# A thin wrapper around get-old-docs.ts (run with this checkout's tsx) that works from any folder:
# inside a docs site the site is found from the current folder, as with `pnpm get-old-docs`;
# outside any site it works on the site this script belongs to.
#
# tsx is loaded into node itself (node --import) rather than through the tsx command: the tsx
# command runs the script in a child process and, when the child does not acknowledge a relayed
# SIGINT/SIGTERM within 30 ms (a busy machine), kills it with SIGKILL, which would skip the
# removal of the temporary worktree. In one process the signal reaches the cleanup directly.
set -euo pipefail
script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
site_dir="$(cd -- "$script_dir/.." && pwd -P)"
tsx_loader="$site_dir/node_modules/tsx/dist/loader.mjs"
if [[ ! -f "$tsx_loader" ]]; then
  echo "error: $tsx_loader not found; run pnpm install in $site_dir first" >&2
  exit 1
fi
if ! command -v node >/dev/null 2>&1; then
  echo "error: node (Node.js 20 or newer) was not found on PATH" >&2
  exit 1
fi

inside_a_site() {
  local dir
  dir="$(pwd -P)"
  while :; do
    [[ -f "$dir/docusaurus.config.ts" ]] && return 0
    [[ "$dir" == / ]] && return 1
    dir="$(dirname -- "$dir")"
  done
}

root_args=()
if ! inside_a_site; then
  case " $* " in
    *" --root "* | *" --root="*) ;;
    *) root_args=(--root "$site_dir") ;;
  esac
fi
exec node --import "$tsx_loader" "$script_dir/get-old-docs.ts" ${root_args[@]+"${root_args[@]}"} "$@"
