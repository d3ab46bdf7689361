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

_missing := "license/missing"

_invalid := "license/invalid-expression"

_non_commercial := "license/non-commercial"

_denied := "license/denied"

_not_allowed := "license/not-allowed"

_obligation := "license/obligation"

# Kept equal to each rule's custom.remediation below (test/policy checks them against
# dist/policy/rules.json).
_remediation := {
	_missing: concat(" ", [
		"Declare the model's license as an SPDX expression (LicenseRef-<name> for a custom",
		"license) after checking the model card or the vendor's terms.",
	]),
	_invalid: concat(" ", [
		"Write the license as an SPDX license expression: SPDX ids as the SPDX License List",
		"spells them, joined by AND, OR and WITH, and LicenseRef-<name> for a custom license.",
	]),
	_non_commercial: concat(" ", [
		"Replace the model (or its base) with one whose license allows commercial use, or obtain",
		"a commercial license from the licensor and declare it.",
	]),
	_denied: concat(" ", [
		"Replace the model (or its base) with one under a license your policy accepts, or",
		"record a waiver approved by legal review.",
	]),
	_not_allowed: concat(" ", [
		"Replace the model (or its base) with one under an allowed license, or have the license",
		"reviewed and added to params.allow.",
	]),
	_obligation: concat(" ", [
		"Do what the license requires of the product (display the name, show the attribution,",
		"rename the derived model, obtain a license, keep out of excluded territories), and",
		"declare system.scale (mau, monthlyRevenueUSD) so thresholds can be checked.",
	]),
}

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
findings contains finding if some finding in _missing_findings

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
findings contains finding if some finding in _invalid_findings

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
findings contains finding if some finding in _non_commercial_findings

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
findings contains finding if some finding in _denied_findings

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
findings contains finding if some finding in _not_allowed_findings

# --- shared -----------------------------------------------------------------------------------

# A finding about a model: the fields every finding of this package shares, and `fields`
# (severity, message, path, evidence, key).
_model_finding(rule, model, fields) := object.union(
	{
		"rule": rule,
		"subject": {"kind": "model", "id": model.id},
		"file": model.file,
		"remediation": _remediation[rule],
	},
	fields,
)

# Parameters of a rule, {} when the configuration has none.
_params(rule) := object.get(object.get(data.config.rules, rule, {}), "params", {})

default _warning_or_error := "warning"

_warning_or_error := "error" if input.context.profile == "strict"

# The declared system of each file ({} when it declares none).
_systems[bom.file] := _object_or_empty(bom.system) if some bom in input.boms

_object_or_empty(x) := x if is_object(x)

else := {}

_system(model) := object.get(_systems, model.file, {})

# The parsed form of a license expression: input.licenseExpressions holds each once.
_parsed(expression) := input.licenseExpressions[expression]

# The model's own valid licenses, in the shape of an ancestor at depth 0, followed by its
# ancestors' licenses (licenses.ancestors[i] are those of ancestors[i], by origin): one
# list for the rules that look at the whole lineage.
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
		"license": license,
	} |
		some own in model.licenses.own
		license := _parsed(own.expression)
		license.valid
	],
	[{
		"ref": ancestor.ref,
		"name": ancestor.name,
		"depth": ancestor.depth,
		"chain": ancestor.chain,
		"relations": ancestor.relations,
		"weightDerived": ancestor.weightDerived,
		"path": ancestor.path,
		"origin": origin,
		"license": _parsed(expression),
	} |
		some i, held in model.licenses.ancestors
		ancestor := model.ancestors[i]
		some origin, expression in held
	],
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

_license_summary(info) := {"id": info.id, "name": info.name, "source": info.source, "asOf": info.asOf}

_lineage_evidence(entry, extra) := object.union(
	{"license": entry.license.expression, "lineage": entry.chain, "origin": entry.origin},
	extra,
)

# --- license/missing ------------------------------------------------------------------------

_missing_findings contains _model_finding(_missing, model, {
	"severity": _warning_or_error,
	"message": concat("", [
		model.id, " has no known license: ", _declared_phrase(model.license.declared),
		"; ", _catalog_phrase(model.license.catalog),
	]),
	"path": _missing_path(model),
	"evidence": {"declared": model.license.declared, "catalog": model.license.catalog},
	"key": "missing",
}) if {
	some model in input.models
	count(model.licenses.own) == 0
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

_invalid_findings contains _model_finding(_invalid, model, {
	"severity": "error",
	"message": concat("", [
		_invalid_whose[own.origin], model.id, " is \"", license.expression,
		"\", which is not a valid SPDX license expression: ", license.error,
	]),
	"path": own.path,
	"evidence": {"expression": license.expression, "origin": own.origin, "error": license.error},
	"key": own.origin,
}) if {
	some model in input.models
	some own in model.licenses.own
	license := _parsed(own.expression)
	not license.valid
}

_invalid_whose := {"declared": "the declared license of ", "catalog": "the catalog's license of "}

# --- license/non-commercial -------------------------------------------------------------------

_non_commercial_findings contains _model_finding(_non_commercial, model, {
	"severity": "error",
	"message": concat("", [
		_subject_phrase(model, entry, entry.license.expression),
		", which allows only non-commercial use (", concat(", ", entry.license.nonCommercialIds), "), and ",
		object.get(system, "name", "the system"), " is declared commercial",
	]),
	"path": entry.path,
	"evidence": _lineage_evidence(entry, {
		"nonCommercial": entry.license.nonCommercialIds,
		"licenses": [_license_summary(info) | some info in entry.license.known],
		"system": object.get(system, "name", null),
	}),
	"key": _key(entry),
}) if {
	some model in input.models
	system := _system(model)
	system.commercial == true
	some entry in _lineage_licenses(model)
	entry.weightDerived
	entry.license.commercialUse == "non-commercial"
}

# --- license/denied ---------------------------------------------------------------------------

_deny contains lower(id) if some id in object.get(_params(_denied), "deny", [])

_denied_findings contains _model_finding(_denied, model, {
	"severity": "error",
	"message": concat("", [
		_subject_phrase(model, entry, entry.license.expression), ", which names ",
		concat(", ", denied), " from the deny list",
	]),
	"path": entry.path,
	"evidence": _lineage_evidence(entry, {"denied": denied}),
	"key": _key(entry),
}) if {
	count(_deny) > 0
	some model in input.models
	some entry in _checked_licenses(model, _denied)
	every choice in entry.license.choices {
		_names_denied(choice)
	}
	denied := [id | some id in entry.license.ids; lower(id) in _deny]
	count(denied) > 0
}

_names_denied(choice) if {
	some id in choice
	lower(id) in _deny
}

# --- license/not-allowed ----------------------------------------------------------------------

_allow contains lower(id) if some id in object.get(_params(_not_allowed), "allow", [])

_not_allowed_findings contains _model_finding(_not_allowed, model, {
	"severity": _warning_or_error,
	"message": concat("", [
		_subject_phrase(model, entry, entry.license.expression),
		", which is not on the allow list (", concat(", ", outside), ")",
	]),
	"path": entry.path,
	"evidence": _lineage_evidence(entry, {"notAllowed": outside}),
	"key": _key(entry),
}) if {
	count(_allow) > 0
	some model in input.models
	some entry in _checked_licenses(model, _not_allowed)
	not _some_choice_allowed(entry.license.choices)
	outside := [id | some id in entry.license.ids; not lower(id) in _allow]
}

_some_choice_allowed(choices) if {
	some choice in choices
	every id in choice {
		lower(id) in _allow
	}
}
