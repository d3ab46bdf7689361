# The license/obligation rule of package aibom.rules.license (see license.rego): the
# obligations TypeScript found binding each model (input.models[_].licenses.obligations,
# which name a data.catalog.licenses entry by id, its obligation by index, and the source by
# index into the model's own licenses or ancestors), weighed against the system's declared
# scale, the model's name and where it is served.
package aibom.rules.license

# METADATA
# title: License obligation
# description: |
#   An obligation of a catalog license binds the model: through its own license, or
#   inherited from a model it derives from as the license's terms say (coversDerivatives
#   for weight-derived relations, coversOutputsTraining for distillation; e.g. the Llama
#   naming clause). With a threshold (monthly active users, revenue), the declared
#   system.scale decides: over it, a warning saying what the product must do; below it, or
#   with the figures undeclared, an info saying so and which figures to declare. A naming
#   clause the model's name does not meet, or a host serving the model in a territory the
#   license excludes, is a warning; other obligations without a threshold are info.
#   Unverified catalog terms say so. The same under every profile.
# custom:
#   id: license/obligation
#   remediation: >-
#     Do what the license requires of the product (display the name, show the attribution,
#     rename the derived model, obtain a license, keep out of excluded territories), and
#     declare system.scale (mau, monthlyRevenueUSD) so thresholds can be checked.
findings contains finding if some finding in _obligation_findings

# Catalog licenses by id: obligations name them by id and index.
_catalog_licenses[license.id] := license if some license in data.catalog.licenses

# An obligation of the model as the rules read it: the catalog license and obligation it
# names, and the model it comes from (its own license at depth 0, or an ancestor).
_applied(model, held) := {
	"license": license,
	"index": held.index,
	"obligation": license.obligations[held.index],
	"via": held.via,
	"from": _obligation_source(model, held),
} if {
	license := _catalog_licenses[held.license]
}

_obligation_source(model, held) := {
	"ref": _model_ref(model),
	"name": model.name,
	"depth": 0,
	"chain": [{"model": model.id}],
	"relations": [],
	"path": model.licenses.own[held.from].path,
} if {
	held.via == "own"
} else := model.ancestors[held.from]

# Models by key, so hosts find what they serve in one lookup.
_models_by_key[model.key] := model if some model in input.models

_obligation_findings contains _model_finding(_obligation, model, {
	"severity": assessed.severity,
	"message": concat("", [
		_subject_phrase(model, applied.from, applied.license.name), ": ", applied.obligation.text,
		" ", assessed.sentence, _unverified(applied),
	]),
	"path": applied.from.path,
	"evidence": object.union(_obligation_evidence(applied, assessed.status), {
		"scale": {"mau": object.get(scale, "mau", null), "monthlyRevenueUSD": object.get(scale, "monthlyRevenueUSD", null)},
		"crossed": assessed.crossed,
		"undeclared": assessed.undeclared,
	}),
	"key": concat(":", [applied.license.id, format_int(applied.index, 10), assessed.status]),
}) if {
	some model in input.models
	some held in model.licenses.obligations
	applied := _applied(model, held)
	not _naming_met(model, applied)
	not _territory_breached(model, applied)
	scale := _scale_of(model)
	assessed := _assess(model, applied)
}

# A territory clause, per host that serves the model in an excluded country (a host serves
# only models of its own file, so the model's file is the host's).
_obligation_findings contains _model_finding(_obligation, model, {
	"severity": "warning",
	"message": concat("", [
		_subject_phrase(model, applied.from, applied.license.name), ": ", applied.obligation.text,
		" ", host.id, " serves it from ", concat(", ", countries), ", outside the licensed territory.",
		_unverified(applied),
	]),
	"path": served.path,
	"evidence": object.union(
		_obligation_evidence(applied, "outside-territory"),
		{"host": host.id, "countries": countries},
	),
	"key": concat(":", [applied.license.id, format_int(applied.index, 10), "host", host.id]),
}) if {
	some host in input.hosts
	some served in host.serves
	model := _models_by_key[served.modelKey]
	some held in model.licenses.obligations
	applied := _applied(model, held)
	applied.obligation.kind == "territory"
	excluded := {country | some country in object.get(applied.obligation, "excludedCountries", [])}
	countries := sort({region.country | some region in host.regions; region.country in excluded})
	count(countries) > 0
}

_obligation_evidence(applied, status) := {
	"license": _license_summary(applied.license),
	"obligation": applied.obligation,
	"via": applied.via,
	"lineage": applied.from.chain,
	"status": status,
}

# A naming clause binds derivatives only (TypeScript leaves it out of a model's own license).
_naming_met(model, applied) if {
	applied.obligation.kind == "naming"
	is_string(applied.obligation.term)
	startswith(lower(model.name), lower(applied.obligation.term))
}

# [model key, country] for every served local model and host region.
_served_in contains [served.modelKey, region.country] if {
	some host in input.hosts
	some served in host.serves
	is_string(served.modelKey)
	some region in host.regions
}

_territory_breached(model, applied) if {
	applied.obligation.kind == "territory"
	some country in object.get(applied.obligation, "excludedCountries", [])
	[model.key, country] in _served_in
}

# How an obligation stands against the declared scale: status, severity, a sentence for
# the message, and the figures over the threshold or missing from system.scale.
_assess(model, applied) := {
	"status": "unmet",
	"severity": "warning",
	"sentence": concat("", [
		"Its name \"", model.name, "\" does not begin with \"", applied.obligation.term,
		"\": rename it if the model is distributed or made available.",
	]),
	"crossed": [],
	"undeclared": [],
} if {
	applied.obligation.kind == "naming"
	is_string(applied.obligation.term)
} else := _threshold_assessment(applied.obligation.threshold, _scale_of(model)) if {
	is_object(applied.obligation.threshold)
} else := {
	"status": "applies",
	"severity": "info",
	"sentence": "It applies at any scale.",
	"crossed": [],
	"undeclared": [],
}

_scale_of(model) := object.get(_system(model), "scale", {})

# The figures a threshold may set and the system.scale figure each one is compared with.
_figures := [
	{"threshold": "mau", "scale": "mau", "factor": 1, "label": "monthly active users"},
	{"threshold": "monthlyRevenueUSD", "scale": "monthlyRevenueUSD", "factor": 1, "label": "monthly revenue US$"},
	{
		"threshold": "annualRevenueUSD", "scale": "monthlyRevenueUSD", "factor": 12,
		"label": "annual revenue US$ (monthly revenue x 12)",
	},
]

# Over the threshold when any declared figure is over it; unknown when none is over and one
# the threshold names is not declared; else below.
_threshold_assessment(threshold, scale) := {
	"status": "crossed",
	"severity": "warning",
	"sentence": concat("", [
		"The declared scale is over the threshold (", _figure_list(crossed), "): the product must comply.",
	]),
	"crossed": crossed,
	"undeclared": _undeclared(threshold, scale),
} if {
	crossed := _compared(threshold, scale, true)
	count(crossed) > 0
} else := {
	"status": "unknown",
	"severity": "info",
	"sentence": concat("", ["Declare ", concat(" and ", undeclared), " to check whether it applies."]),
	"crossed": [],
	"undeclared": undeclared,
} if {
	undeclared := _undeclared(threshold, scale)
	count(undeclared) > 0
} else := {
	"status": "below",
	"severity": "info",
	"sentence": concat("", [
		"The declared scale is below the threshold (", _figure_list(_compared(threshold, scale, false)), ").",
	]),
	"crossed": [],
	"undeclared": [],
}

# Each threshold figure with the declared value it is compared with; only those over it
# when `over_only` is true.
_compared(threshold, scale, over_only) := [{
	"figure": figure.threshold,
	"label": figure.label,
	"declared": declared,
	"threshold": threshold[figure.threshold],
} |
	some figure in _figures
	is_number(threshold[figure.threshold])
	is_number(scale[figure.scale])
	declared := scale[figure.scale] * figure.factor
	_selected(declared > threshold[figure.threshold], over_only)
]

_selected(_, false)

_selected(true, true)

_undeclared(threshold, scale) := sort({concat("", ["system.scale.", figure.scale]) |
	some figure in _figures
	is_number(threshold[figure.threshold])
	not _declared(scale, figure.scale)
})

# A helper, so that `not` sees an undefined figure as undeclared (a ref to a missing key
# directly under `not` would make the whole expression undefined).
_declared(scale, figure) if is_number(scale[figure])

_figure_list(compared) := concat("; ", [concat("", [
	item.label, " ", format_int(item.declared, 10), " against ", format_int(item.threshold, 10),
]) |
	some item in compared
])

_unverified(applied) := " The catalog marks this term unverified: check the license text." if {
	_is_unverified(applied)
} else := ""

_is_unverified(applied) if applied.obligation.confidence == "unverified"

_is_unverified(applied) if applied.license.confidence == "unverified"
