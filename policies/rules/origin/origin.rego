# METADATA
# title: Origin
# description: |
#   Where the weights of a model come from: the country of the ultimate parent of the
#   publisher of the model and of every model it derives from. TypeScript resolves the
#   lineage chains and publishers (input.models[_].ancestors); this package only decides.
package aibom.rules.origin

_country_of_concern := "origin/country-of-concern"

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
_named_by_list := {country: _list.id | some country in _list.countries}

default _severity := "warning"

_severity := "error" if input.context.profile == "strict"

# Kept equal to custom.remediation below (test/policy checks it against dist/policy/rules.json).
_remediation := concat(" ", [
	"Replace the model or its base with one whose publisher is outside the countries of",
	"concern, or record a waiver with a reason, an approver and an expiry date once legal",
	"and security review have accepted the lineage.",
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
	some entry in array.concat([_as_ancestor(model)], model.ancestors)
	entry.origin.country in _countries

	finding := {
		"rule": _country_of_concern,
		"severity": _severity,
		"message": _message(model, entry),
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
		"remediation": _remediation,
		"key": entry.ref,
	}
}

# The model itself in the shape of an ancestor at depth 0, so that one rule covers its own
# publisher and its lineage. Only the fields the rule reads.
_as_ancestor(model) := {
	"ref": _model_ref(model),
	"depth": 0,
	"chain": [{"model": model.id}],
	"relations": [],
	"path": _publisher_path(model),
	"publisher": model.publisher,
	"origin": model.origin,
}

# Messages are built only for the entries that make a finding.
_message(model, entry) := concat("", [model.id, " is published by ", _organization(entry)]) if {
	entry.depth == 0
} else := concat("", [
	model.id, " derives from ", entry.name, " (", _organization(entry), ") by ",
	concat(", ", _distinct(entry.relations)),
	_via(entry.chain),
])

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
