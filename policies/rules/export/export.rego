# METADATA
# title: Export
# description: |
#   Where a model is served: a host region in a sanctioned or embargoed jurisdiction. Each
#   catalog list (OFAC, EAR country groups, ...) keeps its own source and date, so a region
#   on two lists gives two findings, each naming its list.
package aibom.rules.export

_sanctioned_jurisdiction := "export/sanctioned-jurisdiction"

_list_ids := {id | some id in data.config.rules[_sanctioned_jurisdiction].params.lists}

_lists contains list if {
	some list in data.catalog.lists
	list.id in _list_ids
}

# Kept equal to custom.remediation below (test/policy checks it against dist/policy/rules.json).
_remediation := concat(" ", [
	"Serve the models from a region outside the listed jurisdiction, or remove the host.",
	"Waive it only with the written approval of export-control counsel.",
])

# METADATA
# title: Host in a sanctioned jurisdiction
# description: |
#   A host region's country (ISO 3166-1) or subdivision (ISO 3166-2) is on one of the
#   jurisdiction lists named by params.lists. One finding per host region and list, naming
#   the list, its source and date. An error under every profile.
# custom:
#   id: export/sanctioned-jurisdiction
#   remediation: >-
#     Serve the models from a region outside the listed jurisdiction, or remove the host.
#     Waive it only with the written approval of export-control counsel.
findings contains finding if {
	some host in input.hosts
	some region in host.regions
	some list in _lists
	matched_by := _matched_by(region, list)

	finding := {
		"rule": _sanctioned_jurisdiction,
		"severity": "error",
		"message": concat("", [
			host.id, " serves from ", _region_code(region), ", listed in ", list.name,
			" (", list.id, ", as of ", list.asOf, ")", _caveat[matched_by],
		]),
		"subject": {"kind": "host", "id": host.id},
		"file": host.file,
		"path": region.path,
		"evidence": {
			"list": list.id,
			"listName": list.name,
			"source": list.source,
			"asOf": list.asOf,
			"country": region.country,
			"subdivision": region.subdivision,
			"matchedBy": matched_by,
		},
		"remediation": _remediation,
		"key": concat(":", [list.id, _region_code(region)]),
	}
}

# How a region matches a list; one answer, so a region matching both ways is one finding.
_matched_by(region, list) := "country" if {
	region.country in list.countries
} else := "subdivision" if {
	region.subdivision in list.regions
}

_region_code(region) := region.subdivision if {
	is_string(region.subdivision)
} else := region.country

# ISO 3166-2 codes name whole provinces, wider than most sanctioned areas (Crimea, DNR, LNR).
_caveat := {
	"country": "",
	"subdivision": "; the ISO 3166-2 code covers the whole province and may over-include",
}
