#!/usr/bin/env bash
# Builds the built-in policy bundle that the CLI and the action load:
#   dist/policy/policy.wasm   the Rego under policies/ (tests and data excluded), compiled
#                             with `opa build -t wasm -e aibom/findings` and the WASM-only
#                             capabilities, so an unsupported builtin fails here
#   dist/policy/rules.json    [{id, title, description, remediation}] sorted by id, from the
#                             rules' METADATA (`opa inspect --annotations`, custom.id and
#                             custom.remediation)
# Both are deterministic: the same sources give byte-identical files.
#
#   bash scripts/build-policy.sh               build into dist/policy
#   bash scripts/build-policy.sh --fmt-check   also fail when `opa fmt` would change a file
#   bash scripts/build-policy.sh --check       build into a temp dir and fail if dist/policy
#                                              (or policies/capabilities.json) is stale;
#                                              implies --fmt-check; writes nothing
#   bash scripts/build-policy.sh --out DIR     build into DIR instead (test/policy uses it to
#                                              replay the cases against the current sources)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

OPA_VERSION="1.22.2"
opa="${repo_root}/.tools/bin/opa"
capabilities="policies/capabilities.json"
entrypoint="aibom/findings"
out_dir="dist/policy"

log() { printf 'build-policy: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

fmt_check=false
check=false
while (( $# > 0 )); do
  case "$1" in
    --fmt-check) fmt_check=true ;;
    --check) check=true; fmt_check=true ;;
    --out)
      (( $# > 1 )) || die "--out needs a directory"
      out_dir="$(mkdir -p "$2" && cd "$2" && pwd)" || die "cannot create ${2}"
      shift
      ;;
    -h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument $1 (use --fmt-check, --check or --out DIR)" ;;
  esac
  shift
done
cd "${repo_root}"

[[ -x "${opa}" ]] || die "${opa} not found; run: bash scripts/install-tools.sh"
# Capture first: `grep -q` closing the pipe early would fail the pipeline under pipefail.
opa_version="$("${opa}" version)" || die "${opa} version failed"
grep -qx "Version: ${OPA_VERSION}" <<<"${opa_version}" \
  || die "${opa} is not OPA ${OPA_VERSION}; run: bash scripts/install-tools.sh"

node_bin="${repo_root}/node_modules/.bin/node"
[[ -x "${node_bin}" ]] || node_bin="node"

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

# Policy sources: every .rego under policies/ except tests, test support and data. Sorted
# with a fixed collation so the bundle does not depend on the machine's locale.
mapfile -t policy_files < <(
  find policies -name '*.rego' ! -name '*_test.rego' \
    ! -path 'policies/data/*' ! -path 'policies/tests/*' -print | LC_ALL=C sort
)
(( ${#policy_files[@]} > 0 )) || die "no policy files under policies/"

if [[ "${fmt_check}" == true ]]; then
  log "opa fmt --list --fail policies/"
  if ! unformatted="$("${opa}" fmt --list --fail policies/)"; then
    die "not formatted (run: ${opa} fmt -w policies/):"$'\n'"${unformatted}"
  fi
fi

if [[ "${check}" == true ]]; then
  log "checking ${capabilities} against the pinned OPA and SDK"
  "${node_bin}" scripts/gen-capabilities.mjs --check --opa "${opa}"
fi

log "opa check --strict --capabilities ${capabilities} policies/"
"${opa}" check --strict --capabilities "${capabilities}" policies/

log "opa build -t wasm -e ${entrypoint} (${#policy_files[@]} files)"
"${opa}" build -t wasm -e "${entrypoint}" --capabilities "${capabilities}" \
  -o "${work}/bundle.tar.gz" "${policy_files[@]}"

mkdir -p "${work}/bundle" "${work}/out"
tar -xzf "${work}/bundle.tar.gz" -C "${work}/bundle" /policy.wasm 2>/dev/null \
  || tar -xzf "${work}/bundle.tar.gz" -C "${work}/bundle" policy.wasm
cp "${work}/bundle/policy.wasm" "${work}/out/policy.wasm"

# `opa inspect` reads one bundle directory: copy the sources (with their relative paths) there.
mkdir -p "${work}/src"
for f in "${policy_files[@]}"; do
  mkdir -p "${work}/src/$(dirname "${f}")"
  cp "${f}" "${work}/src/${f}"
done
"${opa}" inspect --annotations --format json "${work}/src" > "${work}/inspect.json"

# rules.json: one entry per custom.id, by the same function that checks team policies
# (src/policy/metadata.ts, loaded with Node's type stripping).
"${node_bin}" --input-type=module - "${work}/inspect.json" "${work}/out/rules.json" <<'NODE'
import { readFileSync, writeFileSync } from 'node:fs';
import { rulesFromAnnotations } from './src/policy/metadata.ts';
const [inspectFile, outFile] = process.argv.slice(2);
try {
  const list = rulesFromAnnotations(JSON.parse(readFileSync(inspectFile, 'utf8')));
  writeFileSync(outFile, `${JSON.stringify(list, null, 2)}\n`);
} catch (error) {
  console.error(`build-policy: error: ${error.message}`);
  process.exit(1);
}
NODE

if [[ "${check}" == true ]]; then
  stale=()
  for f in policy.wasm rules.json; do
    cmp -s "${work}/out/${f}" "${out_dir}/${f}" 2>/dev/null || stale+=("${out_dir}/${f}")
  done
  if (( ${#stale[@]} > 0 )); then
    die "stale or missing: ${stale[*]} (run: bash scripts/build-policy.sh and commit ${out_dir})"
  fi
  log "${out_dir} is up to date"
  exit 0
fi

mkdir -p "${out_dir}"
cp "${work}/out/policy.wasm" "${work}/out/rules.json" "${out_dir}/"
log "wrote ${out_dir}/policy.wasm ($(wc -c < "${out_dir}/policy.wasm") bytes) and ${out_dir}/rules.json"
