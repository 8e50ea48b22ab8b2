#!/usr/bin/env bash
# Re-cut a docs version from an older commit: ./scripts/get-old-docs.sh <commit> <version> [options]
# A thin wrapper around get-old-docs.ts (run with this checkout's tsx) that works from any folder:
# inside a docs site the site is found from the current folder, as with `pnpm get-old-docs`;
# outside any site it works on the site this script belongs to.
set -euo pipefail
script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
site_dir="$(cd -- "$script_dir/.." && pwd -P)"
tsx="$site_dir/node_modules/.bin/tsx"
if [[ ! -x "$tsx" ]]; then
  echo "error: $tsx not found; run pnpm install in $site_dir first" >&2
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
exec "$tsx" "$script_dir/get-old-docs.ts" ${root_args[@]+"${root_args[@]}"} "$@"
