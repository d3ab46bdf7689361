#!/usr/bin/env bash
# Installs the pinned Go tools the build needs into the project-local, git-ignored
# .tools/bin, and reuses a tool that is already there at the pinned version.
#
#   bash scripts/install-tools.sh        (npm run tools)
#
# Needs Go (https://go.dev/dl/) on PATH. Works from any directory.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_bin="${repo_root}/.tools/bin"

# --- Pinned tools -------------------------------------------------------------------------
# One block per tool: the Go package to install, its version, and the command whose output
# proves that version. Add Regal, cosign, ... here with their own `install_go_tool` line below.
OPA_MODULE="github.com/open-policy-agent/opa"
OPA_VERSION="1.22.2"

# Regal, the Rego linter (`npm run lint:rego`; configuration in .regal/config.yaml). Its
# version is stamped at link time: without it `regal version` says "unknown".
REGAL_MODULE="github.com/open-policy-agent/regal"
REGAL_VERSION="0.42.0"
REGAL_LDFLAGS="-X ${REGAL_MODULE}/pkg/version.Version=v${REGAL_VERSION}"

# cosign: the real Sigstore client, used by the interop test of signed reports.
COSIGN_MODULE="github.com/sigstore/cosign/v3/cmd/cosign"
COSIGN_VERSION="3.1.3"
# -------------------------------------------------------------------------------------------

log() { printf 'install-tools: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# install_go_tool NAME MODULE VERSION VERSION_ARGS...
#   Installs MODULE@vVERSION as .tools/bin/NAME unless `NAME VERSION_ARGS...` already
#   prints VERSION (as a whole word), then checks the installed binary the same way.
#   GO_TOOL_LDFLAGS (optional, set for the one call) is passed to the Go linker.
install_go_tool() {
  local name="$1" module="$2" version="$3"
  shift 3
  local bin="${tools_bin}/${name}"

  if [[ -x "${bin}" ]] && reports_version "${version}" "${bin}" "$@"; then
    log "${name} ${version} already installed at ${bin}"
    return 0
  fi

  command -v go >/dev/null 2>&1 || die "go is not on PATH; install Go to build ${name} ${version}"
  log "installing ${name} ${version} (go install ${module}@v${version}) into ${tools_bin}"
  mkdir -p "${tools_bin}"
  local ldflags=()
  [[ -n "${GO_TOOL_LDFLAGS:-}" ]] && ldflags=(-ldflags "${GO_TOOL_LDFLAGS}")
  if ! GOBIN="${tools_bin}" go install "${ldflags[@]}" "${module}@v${version}"; then
    # `go install m@v` also looks up the module's deprecation in its version list, which
    # some proxies and mirrors refuse. Building the same verified module version from the
    # module cache gives the same binary without that lookup.
    log "go install failed; building ${module}@v${version} from the module cache instead"
    local dir
    dir="$(cd "${TMPDIR:-/tmp}" && go mod download -json "${module}@v${version}" \
      | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')" \
      || die "go mod download ${module}@v${version} failed"
    [[ -n "${dir}" && -d "${dir}" ]] || die "go mod download gave no directory for ${module}@v${version}"
    (cd "${dir}" && go build -trimpath "${ldflags[@]}" -o "${bin}" .) \
      || die "go build of ${module}@v${version} failed"
  fi

  [[ -x "${bin}" ]] || die "go install did not produce ${bin}"
  reports_version "${version}" "${bin}" "$@" \
    || die "${bin} does not report version ${version}: $("${bin}" "$@" 2>&1 | head -n 3)"
  log "${name} ${version} installed at ${bin}"
}

# reports_version VERSION BIN ARGS...: true when `BIN ARGS...` prints VERSION as a whole word.
reports_version() {
  local version="$1" bin="$2"
  shift 2
  local output
  output="$("${bin}" "$@" 2>/dev/null)" || return 1
  grep -Eq "(^|[^0-9.])v?${version//./\\.}([^0-9.]|$)" <<<"${output}"
}

install_go_tool opa "${OPA_MODULE}" "${OPA_VERSION}" version
# --format json: the default format also checks GitHub for a newer release.
GO_TOOL_LDFLAGS="${REGAL_LDFLAGS}" install_go_tool regal "${REGAL_MODULE}" "${REGAL_VERSION}" version --format json
install_go_tool cosign "${COSIGN_MODULE}" "${COSIGN_VERSION}" version

log "tools ready in ${tools_bin}"
