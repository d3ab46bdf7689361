# METADATA
# title: Governance
# description: |
#   Whether the check itself can be trusted: here, how old the catalog is. Restricted-party
#   lists, sanctions and hijacking ratings change, and the catalog records facts, not their
#   absence, so an old catalog misses what was added since. TypeScript computes the age in
#   days (input.context.catalogAgeDays), as WASM policies have no clock.
#   governance/expired-waiver is decided in TypeScript (src/verdict/decide.ts), where the
#   waivers are applied.
package aibom.rules.governance

_catalog_age := "governance/catalog-age"

# Kept equal to custom.remediation below (test/policy checks it against dist/policy/rules.json).
_catalog_age_remediation := concat(" ", [
	"Update AIBOM Guard (or the --data catalog files) to a release with a newer catalog, or",
	"raise params.maxAgeDays once the security team has confirmed the catalog is current.",
])

# METADATA
# title: Catalog older than allowed
# description: |
#   The catalog's asOf date is more than params.maxAgeDays (default 180) days before the
#   evaluation time. Findings that depend on lists and ratings may be missing or out of
#   date. Informational under every profile; one finding per run, on the first AIBOM file.
# custom:
#   id: governance/catalog-age
#   remediation: >-
#     Update AIBOM Guard (or the --data catalog files) to a release with a newer catalog, or
#     raise params.maxAgeDays once the security team has confirmed the catalog is current.
findings contains finding if {
	age := input.context.catalogAgeDays
	is_number(age)
	max_age := data.config.rules[_catalog_age].params.maxAgeDays
	age > max_age
	count(input.boms) > 0
	file := min({bom.file | some bom in input.boms})

	finding := {
		"rule": _catalog_age,
		"severity": "info",
		"message": concat("", [
			"the catalog is ", format_int(age, 10), " days old (as of ", data.catalog.asOf,
			"; the limit is ", format_int(max_age, 10), " days): restricted parties, sanctions",
			" and ratings added since are not checked",
		]),
		"subject": {"kind": "bom", "id": file},
		"file": file,
		"path": "",
		"evidence": {
			"asOf": data.catalog.asOf,
			"ageDays": age,
			"maxAgeDays": max_age,
		},
		"remediation": _catalog_age_remediation,
		"key": data.catalog.asOf,
	}
}
