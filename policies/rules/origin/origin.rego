# METADATA
# title: Origin
# description: |
#   Where the weights of a model come from: the country of the ultimate parent of the
#   publisher of the model and of every model it derives from, whether that publisher is
#   known at all, whether it is a restricted party, and whether the AIBOM declares what the
#   catalog knows. TypeScript resolves the lineage chains, publishers and disagreements
#   (input.models[_].ancestors, .disagreements); this package only decides.
package aibom.rules.origin

_country_of_concern := "origin/country-of-concern"

_unknown_origin := "origin/unknown-origin"

_declaration_mismatch := "origin/declaration-mismatch"

_undisclosed_base := "origin/undisclosed-base"

_restricted_party_developer := "origin/restricted-party-developer"

_params := data.config.rules[_country_of_concern].params

# The countries of concern: params.countries, plus those of the catalog list named by
# params.list, which carries its own source and date.
_countries contains country if some country in _params.countries

_countries contains country if some country in _list.countries

_list := list if {
	some list in data.catalog.lists
	list.id == _params.list
}

# Country -> id of the catalog list that names it (evidence; null if only params.countries does).
_named_by_list[country] := _list.id if some country in _list.countries

# The `parties` lists named by the restricted-party-developer params (other kinds are ignored).
_party_list_ids := {id | some id in data.config.rules[_restricted_party_developer].params.lists}

_party_lists contains list if {
	some list in data.catalog.lists
	list.kind == "parties"
	list.id in _party_list_ids
}

# List id -> the organization ids it names (in organizations or in per-party entries),
# computed once so that matching stays linear in the lineage entries.
_party_members[list.id] := {id | some id in object.get(list, "organizations", [])} | {party.organization |
	some party in object.get(list, "parties", [])
} if {
	some list in _party_lists
}

# Most origin findings block only under strict: a lineage is a fact to review, not a breach.
default _warning_or_error := "warning"

_warning_or_error := "error" if input.context.profile == "strict"

# Kept equal to each rule's custom.remediation below (test/policy checks them against
# dist/policy/rules.json).
_country_of_concern_remediation := concat(" ", [
	"Replace the model or its base with one whose publisher is outside the countries of",
	"concern, or record a waiver with a reason, an approver and an expiry date once legal",
	"and security review have accepted the lineage.",
])

_unknown_origin_remediation := concat(" ", [
	"Declare the publisher under organizations: with its country (and parent), or name a",
	"catalog organization; refer to base models by their Hugging Face or API id so the",
	"catalog can match them, or add the organization to the catalog with --data.",
])

_declaration_mismatch_remediation := concat(" ", [
	"Correct the declaration to match the catalog, or, if the catalog is wrong, fix the",
	"catalog entry (with its source) through the security team; the more restrictive value",
	"is used until then.",
])

_undisclosed_base_remediation := concat(" ", [
	"Declare the base under derivedFrom with its relation, so that the lineage, its origin",
	"and its license obligations are reviewed in the AIBOM itself.",
])

_restricted_party_developer_remediation := concat(" ", [
	"Keep running the published weights in-house, never send data or payment to the",
	"party's hosted API or services, and record a waiver once legal review has accepted",
	"the lineage; or replace the model with one from another publisher.",
])

# METADATA
# title: Country of concern in the lineage
# description: |
#   The model, or any model it derives from by any relation (distillation included), is
#   published by an organization whose ultimate parent is in a country of concern
#   (params.countries and the catalog list named by params.list). One finding per such
#   model in the lineage. An error under the strict profile, a warning otherwise.
# custom:
#   id: origin/country-of-concern
#   remediation: >-
#     Replace the model or its base with one whose publisher is outside the countries of
#     concern, or record a waiver with a reason, an approver and an expiry date once legal
#     and security review have accepted the lineage.
findings contains finding if {
	some model in input.models
	some entry in _lineage(model)
	entry.origin.country in _countries

	finding := {
		"rule": _country_of_concern,
		"severity": _warning_or_error,
		"message": _country_message(model, entry),
		"subject": {"kind": "model", "id": model.id},
		"file": model.file,
		"path": entry.path,
		"evidence": {
			"lineage": entry.chain,
			"matchedBy": entry.publisher.matchedBy,
			"country": entry.origin.country,
			"publisher": entry.publisher.name,
			"organization": entry.origin.organization,
			"list": object.get(_named_by_list, entry.origin.country, null),
		},
		"remediation": _country_of_concern_remediation,
		"key": entry.ref,
	}
}

# METADATA
# title: Unknown origin in the lineage
# description: |
#   The publisher of the model, or of a model it derives from, cannot be resolved (not in
#   the AIBOM's organizations, not in the catalog, no known Hugging Face org or API domain),
#   or no organization up its ownership chain has a known country. Origin rules cannot
#   judge what they cannot place. One finding per such model in the lineage. An error under
#   the strict profile, a warning otherwise.
# custom:
#   id: origin/unknown-origin
#   remediation: >-
#     Declare the publisher under organizations: with its country (and parent), or name a
#     catalog organization; refer to base models by their Hugging Face or API id so the
#     catalog can match them, or add the organization to the catalog with --data.
findings contains finding if {
	some model in input.models
	some entry in _lineage(model)
	reason := _unknown_because(entry)

	finding := {
		"rule": _unknown_origin,
		"severity": _warning_or_error,
		"message": concat("", [_who(model, entry), ": ", reason]),
		"subject": {"kind": "model", "id": model.id},
		"file": model.file,
		"path": entry.path,
		"evidence": {
			"lineage": entry.chain,
			"matchedBy": entry.publisher.matchedBy,
			"publisher": entry.publisher.name,
			"declared": entry.publisher.declared,
			"country": entry.origin.country,
		},
		"remediation": _unknown_origin_remediation,
		"key": entry.ref,
	}
}

# METADATA
# title: Declaration disagrees with the catalog
# description: |
#   The AIBOM declares a fact about a model or host (publisher or provider country,
#   agent-hijacking rating, license) that the catalog contradicts. The more restrictive
#   value is already used, so a pull request cannot make a model look safer by declaring
#   it so; the disagreement is reported for review. A warning under every profile.
# custom:
#   id: origin/declaration-mismatch
#   remediation: >-
#     Correct the declaration to match the catalog, or, if the catalog is wrong, fix the
#     catalog entry (with its source) through the security team; the more restrictive value
#     is used until then.
findings contains finding if {
	some declaring in _declaring
	some disagreement in declaring.disagreements

	finding := {
		"rule": _declaration_mismatch,
		"severity": "warning",
		"message": concat("", [
			declaring.id, " declares ", _field_phrase[disagreement.field], " ", disagreement.declared,
			", but the catalog says ", disagreement.catalog, "; ", disagreement.used, " is used",
		]),
		"subject": {"kind": declaring.kind, "id": declaring.id},
		"file": declaring.file,
		"path": disagreement.path,
		"evidence": {
			"field": disagreement.field,
			"declared": disagreement.declared,
			"catalog": disagreement.catalog,
			"used": disagreement.used,
		},
		"remediation": _declaration_mismatch_remediation,
		"key": concat("|", [disagreement.field, disagreement.path]),
	}
}

# METADATA
# title: Base known to the catalog but not declared
# description: |
#   The model is itself a catalog model whose catalog entry names base models (bases), but
#   its AIBOM entry declares no derivedFrom. The lineage is evaluated from the catalog
#   anyway; the AIBOM should say so. One finding per undeclared base. An error under the
#   strict profile, a warning otherwise.
# custom:
#   id: origin/undisclosed-base
#   remediation: >-
#     Declare the base under derivedFrom with its relation, so that the lineage, its origin
#     and its license obligations are reviewed in the AIBOM itself.
findings contains finding if {
	some model in input.models
	count(model.derivedFrom) == 0
	some ancestor in model.ancestors
	ancestor.depth == 1
	ancestor.chain[1].fromCatalog == true

	finding := {
		"rule": _undisclosed_base,
		"severity": _warning_or_error,
		"message": concat("", [
			model.id, " is ", model.catalogId, " in the catalog, which derives it from ",
			ancestor.name, " (", ancestor.ref, ") by ", concat(", ", ancestor.relations),
			"; the AIBOM declares no derivedFrom",
		]),
		"subject": {"kind": "model", "id": model.id},
		"file": model.file,
		"path": ancestor.path,
		"evidence": {
			"catalogModel": model.catalogId,
			"base": ancestor.ref,
			"relation": ancestor.relations,
			"lineage": ancestor.chain,
		},
		"remediation": _undisclosed_base_remediation,
		"key": ancestor.ref,
	}
}

# METADATA
# title: Restricted party develops weights in the lineage
# description: |
#   The model, or a model it derives from at any depth, is published by an organization
#   (or a subsidiary of one) on a catalog list of restricted parties named by params.lists,
#   such as the BIS Entity List, and the team runs those published weights itself. The
#   listing restricts exports to the party: running its published weights is not an EAR
#   transaction with it, while sending it data or payment through its hosted API is (that
#   case is an export finding). A model used through the party's own API (api: source) is
#   left to the export rules. An error under the strict profile, a warning otherwise.
# custom:
#   id: origin/restricted-party-developer
#   remediation: >-
#     Keep running the published weights in-house, never send data or payment to the
#     party's hosted API or services, and record a waiver once legal review has accepted
#     the lineage; or replace the model with one from another publisher.
findings contains finding if {
	some model in input.models
	some entry in _lineage(model)
	not _through_hosted_api(model, entry)
	some list in _party_lists
	listing := _listing(list, _listed_party(entry, list))

	finding := {
		"rule": _restricted_party_developer,
		"severity": _warning_or_error,
		"message": concat("", [
			_who(model, entry), _published_by(entry), "; ", listing.partyName, " is listed in ", list.name,
			" (", list.id, ", as of ", listing.asOf, "). ", _ear_note,
		]),
		"subject": {"kind": "model", "id": model.id},
		"file": model.file,
		"path": entry.path,
		"evidence": object.union(listing, {
			"lineage": entry.chain,
			"matchedBy": entry.publisher.matchedBy,
			"publisher": entry.publisher.name,
		}),
		"remediation": _restricted_party_developer_remediation,
		"key": concat(":", [list.id, entry.ref]),
	}
}

# The model itself in the shape of an ancestor at depth 0, then its ancestors: one rule
# covers the model's own publisher and its whole lineage.
_lineage(model) := array.concat([_as_ancestor(model)], model.ancestors)

# Only the fields the rules read.
_as_ancestor(model) := {
	"ref": _model_ref(model),
	"name": model.name,
	"depth": 0,
	"chain": [{"model": model.id}],
	"relations": [],
	"path": _publisher_path(model),
	"publisher": model.publisher,
	"origin": model.origin,
}

# Why an entry's origin is unknown; undefined when it is known.
_unknown_because(entry) := "its publisher is neither declared nor known to the catalog" if {
	entry.publisher.matchedBy == "unknown"
	entry.publisher.declared == null
} else := concat("", [
	"its publisher \"", entry.publisher.declared,
	"\" is neither in the AIBOM's organizations nor in the catalog",
]) if {
	entry.publisher.matchedBy == "unknown"
} else := concat("", ["no country is known for its publisher ", entry.publisher.name]) if {
	entry.origin.country == "unknown"
}

# "acme-coder is published by Moonshot AI, CN" /
# "acme-coder derives from Kimi K2.5 (Moonshot AI, CN) by continued-pretraining, rl"
_country_message(model, entry) := concat("", [model.id, " is published by ", _organization(entry)]) if {
	entry.depth == 0
} else := concat("", [model.id, " derives from ", entry.name, " (", _organization(entry), ")", _relation_phrase(entry)])

# "acme-coder" for the model itself; "acme-coder derives from Kimi K2.5 by finetune" for an ancestor.
_who(model, entry) := model.id if {
	entry.depth == 0
} else := concat("", [model.id, " derives from ", entry.name, _relation_phrase(entry)])

# " is published by Zhipu AI" after the model itself; ", published by Zhipu AI" after an ancestor.
_published_by(entry) := concat("", [" is published by ", entry.publisher.name]) if {
	entry.depth == 0
} else := concat("", [", published by ", entry.publisher.name])

# " by continued-pretraining, rl via a → b" (ancestors only).
_relation_phrase(entry) := concat("", [" by ", concat(", ", _distinct(entry.relations)), _via(entry.chain)])

# "Moonshot AI, CN", or "Foo Inc., owned by Bar Group, CN" when the ultimate parent differs.
_organization(entry) := concat("", [entry.publisher.name, ", ", entry.origin.country]) if {
	entry.publisher.name == entry.origin.organization
} else := concat("", [
	entry.publisher.name, ", owned by ", entry.origin.organization, ", ", entry.origin.country,
])

# " via a → b": the intermediate models of a chain longer than one edge.
_via(chain) := "" if {
	count(chain) <= 2
} else := concat("", [" via ", concat(" → ", [step.model | some step in array.slice(chain, 1, count(chain) - 1)])])

# Relations in first-seen order without repeats: a chain of finetunes says "finetune" once.
_distinct(relations) := [relation |
	some i, relation in relations
	not relation in array.slice(relations, 0, i)
]

# Point at what named the publisher: the publisher field if declared, else the source.
_publisher_path(model) := concat("", [model.path, "/publisher"]) if {
	model.publisher.declared != null
} else := concat("", [model.path, "/source"]) if {
	model.source != null
} else := model.path

_model_ref(model) := model.ref if {
	model.ref != null
} else := model.id

# Models and hosts with the disagreements resolve recorded (optional in older documents).
_declaring contains {
	"kind": "model",
	"id": model.id,
	"file": model.file,
	"disagreements": object.get(model, "disagreements", []),
} if {
	some model in input.models
}

_declaring contains {
	"kind": "host",
	"id": host.id,
	"file": host.file,
	"disagreements": object.get(host, "disagreements", []),
} if {
	some host in input.hosts
}

_field_phrase := {
	"publisher.country": "its publisher's country as",
	"provider.country": "its provider's country as",
	"hijacking.rating": "an agent-hijacking rating of",
	"license": "the license",
}

# A model used through a hosted API (api: source) talks to its publisher's service: if that
# publisher is a restricted party, that is an export matter, not a question of origin.
_through_hosted_api(model, entry) if {
	entry.depth == 0
	is_string(model.ref)
	startswith(model.ref, "api:")
}

# The listed organization an entry's publisher is, itself or through its ultimate parent
# (listings cover subsidiaries).
_listed_party(entry, list) := entry.publisher if {
	entry.publisher.id in _party_members[list.id]
} else := entry.publisher.ultimateParent if {
	entry.publisher.ultimateParent.id in _party_members[list.id]
}

# The party's own listing (source, date, confidence) where the list gives one, else the list's.
_listing(list, party) := object.union(_list_fields(list, party), {
	"source": entry.source,
	"asOf": entry.asOf,
	"confidence": object.get(entry, "confidence", null),
}) if {
	some entry in object.get(list, "parties", [])
	entry.organization == party.id
} else := object.union(_list_fields(list, party), {
	"source": list.source,
	"asOf": list.asOf,
	"confidence": object.get(list, "confidence", null),
})

_list_fields(list, party) := {"party": party.id, "partyName": party.name, "list": list.id, "listName": list.name}

# facts.md: the listing restricts exports to the party, not the use of what it published.
_ear_note := concat("", [
	"Running its published weights yourself is not an EAR transaction with the party;",
	" sending it data or payment through its hosted API would be",
])
