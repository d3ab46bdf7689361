# METADATA
# title: License
# description: |
#   The licenses of each model and of the models it derives from: missing or unreadable
#   licenses, non-commercial terms in a commercial system, team deny and allow lists, and
#   the obligations of custom licenses (display, attribution, naming, license-required,
#   territory) compared with the system's declared scale. Licenses are per model, never per
#   publisher. TypeScript parses the SPDX expressions and works out which obligations bind
#   each model through its lineage (input.models[_].licenses); this package only decides.
package aibom.rules.license

# Parameters of a rule, {} when the configuration has none.
_params(rule) := object.get(object.get(data.config.rules, rule, {}), "params", {})

_warning_or_error := "error" if input.context.profile == "strict"

default _warning_or_error := "warning"

# The declared system of each file ({} when it declares none).
_systems[bom.file] := _object_or_empty(bom.system) if some bom in input.boms

_object_or_empty(x) := x if is_object(x)

else := {}

_system(model) := object.get(_systems, model.file, {})

# Models by key, so hosts find what they serve in one lookup.
_models_by_key[model.key] := model if some model in input.models

# The model's own valid licenses, in the shape of an ancestor at depth 0, followed by its
# ancestors' licenses: one list for the rules that look at the whole lineage.
_lineage_licenses(model) := array.concat(
	[{
		"ref": _model_ref(model),
		"name": model.name,
		"depth": 0,
		"chain": [{"model": model.id}],
		"relations": [],
		"weightDerived": true,
		"path": own.path,
		"origin": own.origin,
		"license": own.license,
	} |
		some own in model.licenses.own
		own.license.valid
	],
	model.licenses.ancestors,
)

# What a deny or allow list looks at: the model's licenses and, unless params.includeBases
# is false, those of the models it derives from by weight-derived relations.
_checked_licenses(model, rule) := [entry |
	some entry in _lineage_licenses(model)
	entry.weightDerived
	_within_scope(entry, rule)
]

_within_scope(entry, _) if entry.depth == 0

_within_scope(entry, rule) if {
	entry.depth > 0
	object.get(_params(rule), "includeBases", true) != false
}

# "acme-coder is licensed under X" or "acme-coder derives from Kimi K2.5 (X) by rl via b".
_subject_phrase(model, entry, license_text) := concat("", [
	model.id, " is licensed under ", license_text,
]) if {
	entry.depth == 0
} else := concat("", [
	model.id, " derives from ", entry.name, " (", license_text, ") by ",
	concat(", ", _distinct(entry.relations)), _via(entry.chain),
])

# " via a → b": the intermediate models of a chain longer than one edge.
_via(chain) := "" if {
	count(chain) <= 2
} else := concat("", [" via ", concat(" → ", [step.model | some step in array.slice(chain, 1, count(chain) - 1)])])

# Relations in first-seen order without repeats.
_distinct(relations) := [relation |
	some i, relation in relations
	not relation in array.slice(relations, 0, i)
]

_model_ref(model) := model.ref if is_string(model.ref)

else := model.id

_key(entry) := concat(":", [entry.ref, entry.origin])

# --- license/missing ------------------------------------------------------------------------

_missing := "license/missing"

_missing_remediation := concat(" ", [
	"Declare the model's license as an SPDX expression (LicenseRef-<name> for a custom",
	"license) after checking the model card or the vendor's terms.",
])

# METADATA
# title: License missing
# description: |
#   The model declares no license (or "unknown", NOASSERTION, NONE) and the catalog does
#   not know it either: its terms cannot be checked. An error under the strict profile, a
#   warning otherwise.
# custom:
#   id: license/missing
#   remediation: >-
#     Declare the model's license as an SPDX expression (LicenseRef-<name> for a custom
#     license) after checking the model card or the vendor's terms.
findings contains finding if {
	some model in input.models
	count(model.licenses.own) == 0

	finding := {
		"rule": _missing,
		"severity": _warning_or_error,
		"message": concat("", [
			model.id, " has no known license: ", _declared_phrase(model.license.declared),
			"; ", _catalog_phrase(model.license.catalog),
		]),
		"subject": {"kind": "model", "id": model.id},
		"file": model.file,
		"path": _missing_path(model),
		"evidence": {"declared": model.license.declared, "catalog": model.license.catalog},
		"remediation": _missing_remediation,
		"key": "missing",
	}
}

_declared_phrase(declared) := "none declared" if {
	declared == null
} else := concat("", ["declared \"", declared, "\""])

_catalog_phrase(catalog) := "the catalog does not know the model" if {
	catalog == null
} else := concat("", ["the catalog lists it as \"", catalog, "\""])

_missing_path(model) := concat("", [model.path, "/license"]) if {
	model.license.declared != null
} else := model.path

# --- license/invalid-expression ---------------------------------------------------------------

_invalid := "license/invalid-expression"

_invalid_remediation := concat(" ", [
	"Write the license as an SPDX license expression: SPDX ids as the SPDX License List",
	"spells them, joined by AND, OR and WITH, and LicenseRef-<name> for a custom license.",
])

# METADATA
# title: License is not a valid SPDX expression
# description: |
#   The declared license (or the catalog's, for a team catalog) does not parse as an SPDX
#   license expression; LicenseRef-* is valid. An unreadable license cannot be judged: an
#   error under every profile.
# custom:
#   id: license/invalid-expression
#   remediation: >-
#     Write the license as an SPDX license expression: SPDX ids as the SPDX License List
#     spells them, joined by AND, OR and WITH, and LicenseRef-<name> for a custom license.
findings contains finding if {
	some model in input.models
	some own in model.licenses.own
	not own.license.valid

	finding := {
		"rule": _invalid,
		"severity": "error",
		"message": concat("", [
			_invalid_whose[own.origin], model.id, " is \"", own.license.expression,
			"\", which is not a valid SPDX license expression: ", own.license.error,
		]),
		"subject": {"kind": "model", "id": model.id},
		"file": model.file,
		"path": own.path,
		"evidence": {"expression": own.license.expression, "origin": own.origin, "error": own.license.error},
		"remediation": _invalid_remediation,
		"key": own.origin,
	}
}

_invalid_whose := {"declared": "the declared license of ", "catalog": "the catalog's license of "}

# --- license/non-commercial -------------------------------------------------------------------

_non_commercial := "license/non-commercial"

_non_commercial_remediation := concat(" ", [
	"Replace the model (or its base) with one whose license allows commercial use, or obtain",
	"a commercial license from the licensor and declare it.",
])

# METADATA
# title: Non-commercial license in a commercial system
# description: |
#   The system is declared commercial (system.commercial: true) and the model's license, or
#   that of a model it derives from by weight-derived relations, allows only non-commercial
#   use (catalog commercialUse non-commercial, e.g. the Qwen Research License; CC-BY-NC-*;
#   PolyForm-Noncommercial-*). An expression is non-commercial when every alternative it
#   offers is. Distillation does not carry it. An error under every profile.
# custom:
#   id: license/non-commercial
#   remediation: >-
#     Replace the model (or its base) with one whose license allows commercial use, or obtain
#     a commercial license from the licensor and declare it.
findings contains finding if {
	some model in input.models
	system := _system(model)
	system.commercial == true
	some entry in _lineage_licenses(model)
	entry.weightDerived
	entry.license.commercialUse == "non-commercial"

	finding := {
		"rule": _non_commercial,
		"severity": "error",
		"message": concat("", [
			_subject_phrase(model, entry, entry.license.expression), ", which allows only non-commercial use (",
			concat(", ", entry.license.nonCommercialIds), "), and ", object.get(system, "name", entry.ref),
			" is declared commercial",
		]),
		"subject": {"kind": "model", "id": model.id},
		"file": model.file,
		"path": entry.path,
		"evidence": {
			"license": entry.license.expression,
			"nonCommercial": entry.license.nonCommercialIds,
			"licenses": [_license_summary(info) | some info in entry.license.known],
			"lineage": entry.chain,
			"origin": entry.origin,
			"system": object.get(system, "name", null),
		},
		"remediation": _non_commercial_remediation,
		"key": _key(entry),
	}
}

_license_summary(info) := {"id": info.id, "name": info.name, "source": info.source, "asOf": info.asOf}

# --- license/denied ---------------------------------------------------------------------------

_denied := "license/denied"

_deny := {lower(id) | some id in object.get(_params(_denied), "deny", [])}

_denied_remediation := concat(" ", [
	"Replace the model (or its base) with one under a license your policy accepts, or",
	"record a waiver approved by legal review.",
])

# METADATA
# title: License on the deny list
# description: |
#   The model's license, or (unless params.includeBases is false) that of a model it
#   derives from by weight-derived relations, names an id on params.deny (SPDX ids or
#   LicenseRef-*, case-insensitive) in every alternative it offers. An error under every
#   profile.
# custom:
#   id: license/denied
#   remediation: >-
#     Replace the model (or its base) with one under a license your policy accepts, or
#     record a waiver approved by legal review.
findings contains finding if {
	count(_deny) > 0
	some model in input.models
	some entry in _checked_licenses(model, _denied)
	every choice in entry.license.choices {
		_names_denied(choice)
	}
	denied := [id | some id in entry.license.ids; lower(id) in _deny]
	count(denied) > 0

	finding := {
		"rule": _denied,
		"severity": "error",
		"message": concat("", [
			_subject_phrase(model, entry, entry.license.expression), ", which names ",
			concat(", ", denied), " from the deny list",
		]),
		"subject": {"kind": "model", "id": model.id},
		"file": model.file,
		"path": entry.path,
		"evidence": {"license": entry.license.expression, "denied": denied, "lineage": entry.chain, "origin": entry.origin},
		"remediation": _denied_remediation,
		"key": _key(entry),
	}
}

_names_denied(choice) if {
	some id in choice
	lower(id) in _deny
}

# --- license/not-allowed ----------------------------------------------------------------------

_not_allowed := "license/not-allowed"

_allow := {lower(id) | some id in object.get(_params(_not_allowed), "allow", [])}

_not_allowed_remediation := concat(" ", [
	"Replace the model (or its base) with one under an allowed license, or have the license",
	"reviewed and added to params.allow.",
])

# METADATA
# title: License not on the allow list
# description: |
#   Off while params.allow is empty. The model's license, or (unless params.includeBases is
#   false) that of a model it derives from by weight-derived relations, offers no
#   alternative made only of ids on params.allow (SPDX ids or LicenseRef-*,
#   case-insensitive). An error under the strict profile, a warning otherwise.
# custom:
#   id: license/not-allowed
#   remediation: >-
#     Replace the model (or its base) with one under an allowed license, or have the license
#     reviewed and added to params.allow.
findings contains finding if {
	count(_allow) > 0
	some model in input.models
	some entry in _checked_licenses(model, _not_allowed)
	not _some_choice_allowed(entry.license.choices)
	outside := [id | some id in entry.license.ids; not lower(id) in _allow]

	finding := {
		"rule": _not_allowed,
		"severity": _warning_or_error,
		"message": concat("", [
			_subject_phrase(model, entry, entry.license.expression), ", which is not on the allow list (",
			concat(", ", outside), ")",
		]),
		"subject": {"kind": "model", "id": model.id},
		"file": model.file,
		"path": entry.path,
		"evidence": {"license": entry.license.expression, "notAllowed": outside, "lineage": entry.chain, "origin": entry.origin},
		"remediation": _not_allowed_remediation,
		"key": _key(entry),
	}
}

_some_choice_allowed(choices) if {
	some choice in choices
	every id in choice {
		lower(id) in _allow
	}
}

# --- license/obligation -----------------------------------------------------------------------

_obligation := "license/obligation"

_obligation_remediation := concat(" ", [
	"Do what the license requires of the product (display the name, show the attribution,",
	"rename the derived model, obtain a license, keep out of excluded territories), and",
	"declare system.scale (mau, monthlyRevenueUSD) so thresholds can be checked.",
])

# The figures a threshold may set and the system.scale figure each one is compared with.
_figures := [
	{"threshold": "mau", "scale": "mau", "factor": 1, "label": "monthly active users"},
	{"threshold": "monthlyRevenueUSD", "scale": "monthlyRevenueUSD", "factor": 1, "label": "monthly revenue US$"},
	{
		"threshold": "annualRevenueUSD", "scale": "monthlyRevenueUSD", "factor": 12,
		"label": "annual revenue US$ (monthly revenue x 12)",
	},
]

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
findings contains finding if {
	some model in input.models
	some applied in model.licenses.obligations
	not _naming_met(model, applied)
	not _territory_breached(model, applied)
	scale := _scale_of(model)
	assessed := _assess(model, applied)

	finding := {
		"rule": _obligation,
		"severity": assessed.severity,
		"message": concat("", [
			_subject_phrase(model, applied.from, applied.license.name), ": ", applied.obligation.text,
			" ", assessed.sentence, _unverified(applied),
		]),
		"subject": {"kind": "model", "id": model.id},
		"file": model.file,
		"path": applied.from.path,
		"evidence": {
			"license": _license_summary(applied.license),
			"obligation": applied.obligation,
			"via": applied.via,
			"lineage": applied.from.chain,
			"status": assessed.status,
			"scale": {
				"mau": object.get(scale, "mau", null),
				"monthlyRevenueUSD": object.get(scale, "monthlyRevenueUSD", null),
			},
			"crossed": assessed.crossed,
			"undeclared": assessed.undeclared,
		},
		"remediation": _obligation_remediation,
		"key": concat(":", [applied.license.id, format_int(applied.index, 10), assessed.status]),
	}
}

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
findings contains finding if {
	some host in input.hosts
	some served in host.serves
	model := _models_by_key[served.modelKey]
	some applied in model.licenses.obligations
	applied.obligation.kind == "territory"
	excluded := {country | some country in object.get(applied.obligation, "excludedCountries", [])}
	countries := sort({region.country | some region in host.regions; region.country in excluded})
	count(countries) > 0

	finding := {
		"rule": _obligation,
		"severity": "warning",
		"message": concat("", [
			_subject_phrase(model, applied.from, applied.license.name), ": ", applied.obligation.text,
			" ", host.id, " serves it from ", concat(", ", countries), ", outside the licensed territory.",
			_unverified(applied),
		]),
		"subject": {"kind": "model", "id": model.id},
		"file": host.file,
		"path": served.path,
		"evidence": {
			"license": _license_summary(applied.license),
			"obligation": applied.obligation,
			"via": applied.via,
			"lineage": applied.from.chain,
			"status": "outside-territory",
			"host": host.id,
			"countries": countries,
		},
		"remediation": _obligation_remediation,
		"key": concat(":", [applied.license.id, format_int(applied.index, 10), "host", host.id]),
	}
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
} else := _threshold_assessment(applied.obligation.threshold, scale) if {
	is_object(applied.obligation.threshold)
	scale := _scale_of(model)
} else := {
	"status": "applies",
	"severity": "info",
	"sentence": "It applies at any scale.",
	"crossed": [],
	"undeclared": [],
}

_scale_of(model) := object.get(_system(model), "scale", {})

# Over the threshold when any declared figure is over it; unknown when none is over and one
# the threshold names is not declared; else below.
_threshold_assessment(threshold, scale) := {
	"status": "crossed",
	"severity": "warning",
	"sentence": concat("", ["The declared scale is over the threshold (", _figure_list(crossed), "): the product must comply."]),
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
	"sentence": concat("", ["The declared scale is below the threshold (", _figure_list(_compared(threshold, scale, false)), ")."]),
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
