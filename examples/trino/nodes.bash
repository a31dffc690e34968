# Sourced by start and stop: how to find a node of this checkout's cluster. Needs $root.
#
# Not by its pid file alone: the pid the launcher reports at start was seen to differ from the
# JVM's, and a node whose pid file is gone or stale still holds its port, so the next start
# fails. A node is every java or launcher process whose working directory is the node's data
# directory (the launcher runs the node there): exactly this checkout's node, and never another
# process that happens to reuse a pid a file still names.
node_pids() { # node: the live pids of that node, one a line
  local dir="$root/$1" proc exe
  for proc in /proc/[0-9]*; do
    [ "$(readlink "$proc/cwd" 2>/dev/null)" = "$dir" ] || continue
    exe="$(readlink "$proc/exe" 2>/dev/null || true)"
    case "$exe" in */bin/java|*/bin/*/launcher) echo "${proc#/proc/}" ;; esac
  done
}
node_alive() { [ -n "$(node_pids "$1")" ]; }
