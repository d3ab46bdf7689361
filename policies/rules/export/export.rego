# METADATA
# title: Export
# description: |
#   Where data, payment and weights go: a host region in a sanctioned or embargoed
#   jurisdiction, a host, provider or hosted API of a restricted party, a model that sees
#   declared data classes served from a country of concern, and (off by default, rescinded)
#   closed weights under ECCN 4E091. Each catalog list (OFAC, EAR country groups, BIS Entity
#   List, ...) keeps its own source and date, so a match on two lists gives two findings,
#   each naming its list.
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

# METADATA
# title: Data or payment to a restricted party
# description: |
#   A host whose resolved provider, or whose endpoint's API domain, belongs to an
#   organization on a `parties` list named by params.lists (such as the BIS Entity List),
#   or a model used through the hosted API of such an organization (an api: reference), or
#   a model whose declared provider (its distributor or reseller: CycloneDX supplier, SPDX
#   suppliedBy) is such an organization: data or payment flows to the listed party. A
#   subsidiary matches through its ultimate parent. Running a listed party's published
#   open weights yourself is not such a flow (origin/restricted-party-developer covers
#   that). One finding per subject, list and party, naming the list, its source and date.
#   An error under every profile.
# custom:
#   id: export/restricted-party
#   remediation: >-
#     Stop sending data or payment to the listed party: use another provider or endpoint,
#     or run open weights on infrastructure you control. Waive it only with the written
#     approval of export-control counsel (a license from BIS may be required).
findings contains finding if some finding in _restricted_party_findings

# METADATA
# title: Data sent to a country of concern
# description: |
#   A model that declares use.dataClasses is served by a host with a region in a country
#   of concern (params.countries and the catalog list named by params.list) or, when the
#   host declares no region, whose provider or endpoint organization is in one. One finding
#   per model and host, naming the data classes and the host. An error under the strict
#   profile, a warning otherwise.
# custom:
#   id: export/data-to-country-of-concern
#   remediation: >-
#     Serve the model from a region outside the countries of concern, or stop sending it
#     the declared data classes; record a waiver with a reason, an approver and an expiry
#     date once legal and security review have accepted the data flow.
findings contains finding if some finding in _data_to_country_findings

# METADATA
# title: Closed weights over 1e26 operations (ECCN 4E091, rescinded)
# description: |
#   Off unless params.enabled is true. A model listed in params.models (local id,
#   <file>#<id> key or external id) as closed weights trained with more than 1e26
#   operations. The Framework for AI Diffusion (90 FR 4544, 2025-01-15) created ECCN 4E091
#   for such weights, excluding published open weights; BIS announced its rescission on
#   2025-05-13, so the rule reports for teams that track it, never by default. A warning
#   under every profile.
# custom:
#   id: export/closed-weights-4e091
#   remediation: >-
#     None is required while the rule stays rescinded: this rule is off by default. If a
#     replacement rule controls the weights, obtain the export classification and any license
#     before sharing or hosting them abroad, or disable the rule.
findings contains finding if some finding in _closed_weights_findings

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

# --- shared -----------------------------------------------------------------------------------

_restricted_party := "export/restricted-party"

_data_to_country := "export/data-to-country-of-concern"

_closed_weights := "export/closed-weights-4e091"

# Kept equal to each rule's custom.remediation above (test/policy checks them against
# dist/policy/rules.json).
_remediations := {
	_restricted_party: concat(" ", [
		"Stop sending data or payment to the listed party: use another provider or endpoint,",
		"or run open weights on infrastructure you control. Waive it only with the written",
		"approval of export-control counsel (a license from BIS may be required).",
	]),
	_data_to_country: concat(" ", [
		"Serve the model from a region outside the countries of concern, or stop sending it",
		"the declared data classes; record a waiver with a reason, an approver and an expiry",
		"date once legal and security review have accepted the data flow.",
	]),
	_closed_weights: concat(" ", [
		"None is required while the rule stays rescinded: this rule is off by default. If a",
		"replacement rule controls the weights, obtain the export classification and any license",
		"before sharing or hosting them abroad, or disable the rule.",
	]),
}

# A finding: the fields every finding of `rule` shares, and `fields` (severity, message,
# path, evidence, key).
_finding(rule, kind, subject, fields) := object.union(
	{
		"rule": rule,
		"subject": {"kind": kind, "id": subject.id},
		"file": subject.file,
		"remediation": _remediations[rule],
	},
	fields,
)

# Parameters of a rule, {} when the configuration has none.
_params(rule) := object.get(object.get(data.config.rules, rule, {}), "params", {})

default _warning_or_error := "warning"

_warning_or_error := "error" if input.context.profile == "strict"

# Models by key, so hosts find what they serve in one lookup.
_models_by_key[model.key] := model if some model in input.models

_org_name_or_null(org) := org.name if is_object(org)

else := null

# --- export/restricted-party ------------------------------------------------------------------

_party_list_ids := {id | some id in object.get(_params(_restricted_party), "lists", [])}

_party_lists contains list if {
	some list in data.catalog.lists
	list.kind == "parties"
	list.id in _party_list_ids
}

_restricted_party_findings contains _finding(_restricted_party, "host", host, {
	"severity": "error",
	"message": concat("", [
		host.id, " sends data or payment to ", _party_name(party), " (", party, ") ",
		_via_phrase(vias, host), ", listed on ", _listed_on(list, listing),
	]),
	"path": _restricted_host_path(host, vias),
	"evidence": object.union(_party_evidence(list, listing, party, vias), {
		"provider": _org_name_or_null(host.provider),
		"endpointDomain": host.endpointDomain,
	}),
	"key": concat(":", [list.id, party]),
}) if {
	some host in input.hosts
	some list in _party_lists
	some party in list.organizations
	vias := sort({via | some via, org in _host_organizations(host); _is_or_owned_by(org, party)})
	count(vias) > 0
	listing := _listing(list, party)
}

# A hosted API model (api: reference): using it sends data to its publisher.
_restricted_party_findings contains _finding(_restricted_party, "model", model, {
	"severity": "error",
	"message": concat("", [
		model.id, " is used through the hosted API of ", _party_name(party), " (", party,
		"): data or payment goes to it, listed on ", _listed_on(list, listing),
	]),
	"path": concat("", [model.path, "/source"]),
	"evidence": object.union(_party_evidence(list, listing, party, ["hosted-api"]), {
		"model": model.ref,
		"matchedBy": model.publisher.matchedBy,
	}),
	"key": concat(":", [list.id, party]),
}) if {
	some model in input.models
	is_string(model.ref)
	startswith(model.ref, "api:")
	some list in _party_lists
	some party in list.organizations
	_is_or_owned_by(model.publisher, party)
	listing := _listing(list, party)
}

# A model that comes through a listed distributor or reseller (its resolved provider).
# The key names the provider so that it never collides with the hosted-API finding above.
_restricted_party_findings contains _finding(_restricted_party, "model", model, {
	"severity": "error",
	"message": concat("", [
		model.id, " comes through ", _party_name(party), " (", party,
		") as its provider: data or payment goes to it, listed on ", _listed_on(list, listing),
	]),
	"path": concat("", [model.path, "/provider"]),
	"evidence": object.union(_party_evidence(list, listing, party, ["provider"]), {
		"model": model.ref,
		"provider": model.provider.name,
		"matchedBy": model.provider.matchedBy,
	}),
	"key": concat(":", [list.id, party, "provider"]),
}) if {
	some model in input.models
	is_object(object.get(model, "provider", null))
	some list in _party_lists
	some party in list.organizations
	_is_or_owned_by(model.provider, party)
	listing := _listing(list, party)
}

_party_evidence(list, listing, party, vias) := {
	"list": list.id,
	"listName": list.name,
	"source": listing.source,
	"asOf": listing.asOf,
	"confidence": listing.confidence,
	"party": party,
	"partyName": _party_name(party),
	"via": vias,
}

# The organizations a host sends data to: its provider and its endpoint's organization.
_host_organizations(host) := {
	"provider": host.provider,
	"endpoint": object.get(host, "endpointOrganization", null),
}

_is_or_owned_by(org, party) if org.id == party

_is_or_owned_by(org, party) if org.ultimateParent.id == party

# The list's source and date for this party: its own entry when the list has one.
_listing(list, party) := {
	"source": entry.source,
	"asOf": entry.asOf,
	"confidence": object.get(entry, "confidence", null),
} if {
	some entry in object.get(list, "parties", [])
	entry.organization == party
} else := {
	"source": list.source,
	"asOf": list.asOf,
	"confidence": object.get(list, "confidence", null),
}

_listed_on(list, listing) := concat("", [
	list.name, " (", list.id, ", as of ", listing.asOf, "; ", listing.source, ")",
	_unverified_note[listing.confidence == "unverified"],
])

_unverified_note := {true: "; the catalog marks this listing unverified", false: ""}

_party_name(party) := org.name if {
	some org in data.catalog.organizations
	org.id == party
} else := party

_via_phrase(vias, host) := concat("", ["as its provider and at its endpoint ", host.endpointDomain]) if {
	vias == ["endpoint", "provider"]
} else := concat("", ["at its endpoint ", host.endpointDomain]) if {
	vias == ["endpoint"]
} else := "as its provider"

# Point at the endpoint when it is what reaches the party, else at the provider.
_restricted_host_path(host, vias) := concat("", [host.path, "/endpoint"]) if {
	"endpoint" in vias
} else := concat("", [host.path, "/provider"]) if {
	host.provider.declared != null
} else := host.path

# --- export/data-to-country-of-concern -----------------------------------------------------

_data_params := _params(_data_to_country)

_data_list := list if {
	some list in data.catalog.lists
	list.id == _data_params.list
}

# Evidence: the catalog list in use, or null when only params.countries is.
default _data_list_id := null

_data_list_id := _data_list.id

_data_countries contains country if some country in object.get(_data_params, "countries", [])

_data_countries contains country if some country in _data_list.countries

# A host serves only models of its own file, so the model's file is the host's.
_data_to_country_findings contains _finding(_data_to_country, "model", model, {
	"severity": _warning_or_error,
	"message": concat("", [
		model.id, " sends ", concat(", ", model.use.dataClasses), " to ", host.id, ", ", destination.phrase,
	]),
	"path": served.path,
	"evidence": {
		"dataClasses": model.use.dataClasses,
		"host": host.id,
		"countries": destination.countries,
		"basis": destination.basis,
		"provider": _org_name_or_null(host.provider),
		"list": _data_list_id,
	},
	"key": host.id,
}) if {
	some host in input.hosts
	some served in host.serves
	model := _models_by_key[served.modelKey]
	count(model.use.dataClasses) > 0
	destination := _destination(host)
}

# Where a host sends data, when that is a country of concern: its declared regions, or
# (only when it declares none) its provider's or endpoint organization's country.
_destination(host) := {
	"basis": "region",
	"countries": countries,
	"phrase": concat("", ["which serves from ", concat(", ", countries)]),
} if {
	count(host.regions) > 0
	countries := sort({region.country | some region in host.regions; region.country in _data_countries})
	count(countries) > 0
} else := {
	"basis": "provider",
	"countries": countries,
	"phrase": concat("", ["which declares no region; its provider is in ", concat(", ", countries)]),
} if {
	count(host.regions) == 0
	countries := sort({org.country |
		some org in [host.provider, object.get(host, "endpointOrganization", null)]
		is_object(org)
		org.country in _data_countries
	})
	count(countries) > 0
}

# --- export/closed-weights-4e091 ----------------------------------------------------------

_closed_params := _params(_closed_weights)

_closed_listed contains lower(name) if some name in object.get(_closed_params, "models", [])

_closed_weights_findings contains _finding(_closed_weights, "model", model, {
	"severity": "warning",
	"message": concat("", [
		model.id, " is listed as closed weights trained with more than 1e26 operations:",
		" ECCN 4E091 (Framework for AI Diffusion, 90 FR 4544, 2025-01-15) controlled their",
		" export; BIS announced the rule's rescission on 2025-05-13, so this is reported only",
		" because export/closed-weights-4e091 is enabled",
	]),
	"path": model.path,
	"evidence": {
		"eccn": "4E091",
		"source": "Framework for AI Diffusion, 90 FR 4544 (2025-01-15)",
		"rescinded": "2025-05-13",
		"thresholdOperations": "1e26",
		"model": model.ref,
	},
	"key": "4e091",
}) if {
	_closed_params.enabled == true
	some model in input.models
	_closed_is_listed(model)
}

_closed_is_listed(model) if {
	some name in [model.id, model.key, model.ref, model.catalogId]
	is_string(name)
	lower(name) in _closed_listed
}
