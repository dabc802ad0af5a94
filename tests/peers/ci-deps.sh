# shellcheck shell=bash
# Installs the real peers that tests/peers.rs checks vifxml against:
#   libxen-dev     Xen's own config parser, libxlutil (pkg-config xlutil)
#   libvirt0       libvirt's schemas, /usr/share/libvirt/schemas/domain.rng
#   libxml2-utils  xmllint, to validate against that schema
#   gcc, pkg-config, python3
# Idempotent and non-interactive; may be run with bash or sourced (it never exits
# the calling shell). Returns non-zero if a package cannot be installed.
vifxml_peers_ci_deps() {
    local pkgs="libxen-dev libvirt0 libxml2-utils gcc pkg-config python3"
    local missing="" p
    for p in $pkgs; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
            missing="$missing $p"
        fi
    done
    if [ -z "$missing" ]; then
        echo "peers: already installed: $pkgs"
        return 0
    fi
    echo "peers: installing:$missing"
    local sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
    # shellcheck disable=SC2086
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing \
        >/dev/null || return 1
    pkg-config --exists xlutil || { echo "peers: pkg-config xlutil not found" >&2; return 1; }
    [ -f /usr/share/libvirt/schemas/domain.rng ] || { echo "peers: domain.rng not found" >&2; return 1; }
    command -v xmllint >/dev/null || { echo "peers: xmllint not found" >&2; return 1; }
    echo "peers: installed:$missing"
}
vifxml_peers_ci_deps
