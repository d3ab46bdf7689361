# METADATA
# title: Integrity
# description: |
#   Whether the AIBOM pins what the product runs, so that the weights reviewed are the
#   weights deployed. What pins a model depends on where it comes from:
#     hf: models      a revision (40-hex commit) or a digest of the weights;
#     api: models     a dated snapshot (the provider's model id for a fixed version);
#     anything else   (a URL, or no source) any of revision, digest or snapshot.
#   The schema already rejects a revision that is not 40 hex digits and a digest that is not
#   sha256:/sha512: hex, so what is left to judge here is a pin of the wrong kind for its
#   source, a snapshot that is the model's moving alias, and a revision that contradicts the
#   commit in the source.
package aibom.rules.integrity

_unpinned := "integrity/unpinned"

_malformed_pin := "integrity/malformed-pin"

# The pins that fix the weights of each kind of source.
_pinning := {
	"hf": {"revision", "digest"},
	"api": {"snapshot"},
	"other": {"revision", "digest", "snapshot"},
}

default _warning_or_error := "warning"

_warning_or_error := "error" if input.context.profile == "strict"

# Kept equal to each rule's custom.remediation below (test/policy checks them against
# dist/policy/rules.json).
_unpinned_remediation := concat(" ", [
	"Pin the model: for a Hugging Face model the 40-hex commit (revision, or source",
	"hf:<org>/<repo>@<commit>) or a digest of the weights; for an API model the dated",
	"snapshot id; for other weights a sha256: digest.",
])

_malformed_pin_remediation := concat(" ", [
	"Use the pin that fits the source: revision or digest for hf: models, a dated snapshot",
	"for api: models; remove pins that do not apply, and keep the revision equal to the",
	"commit in source.",
])

# METADATA
# title: Model not pinned
# description: |
#   The model has no pin that fixes its weights for its kind of source: no revision or
#   digest for an hf: model, no dated snapshot for an api: model, none at all for other
#   sources. Whatever is deployed can change without a change to the AIBOM. An error under
#   the strict profile, a warning otherwise.
# custom:
#   id: integrity/unpinned
#   remediation: >-
#     Pin the model: for a Hugging Face model the 40-hex commit (revision, or source
#     hf:<org>/<repo>@<commit>) or a digest of the weights; for an API model the dated
#     snapshot id; for other weights a sha256: digest.
findings contains finding if {
	some model in input.models
	kind := _kind(model)
	count({name | some name, value in model.pins; _pins(model, kind, name, value)}) == 0

	finding := {
		"rule": _unpinned,
		"severity": _warning_or_error,
		"message": concat("", [model.id, _source_phrase(model), " is not pinned: ", _how_to_pin[kind]]),
		"subject": {"kind": "model", "id": model.id},
		"file": model.file,
		"path": _source_path(model),
		"evidence": {
			"sourceKind": kind,
			"pins": model.pins,
		},
		"remediation": _unpinned_remediation,
		"key": "unpinned",
	}
}

# METADATA
# title: Pin of the wrong form
# description: |
#   A pin that does not fix the model's weights: a snapshot on an hf: model (Hugging Face
#   pins by commit), a revision or digest on an api: model (a hosted model is pinned by its
#   dated snapshot), a snapshot that is the API model's own moving alias (or "latest"), or
#   a revision that differs from the commit in source. Such a pin is ignored by
#   integrity/unpinned. A warning under every profile.
# custom:
#   id: integrity/malformed-pin
#   remediation: >-
#     Use the pin that fits the source: revision or digest for hf: models, a dated snapshot
#     for api: models; remove pins that do not apply, and keep the revision equal to the
#     commit in source.
findings contains finding if {
	some model in input.models
	kind := _kind(model)
	some name, value in model.pins
	value != null
	problem := _pin_problem(model, kind, name, value)

	finding := {
		"rule": _malformed_pin,
		"severity": "warning",
		"message": concat("", [model.id, " ", name, " \"", value, "\": ", problem]),
		"subject": {"kind": "model", "id": model.id},
		"file": model.file,
		"path": concat("", [model.path, "/", name]),
		"evidence": {
			"pin": name,
			"value": value,
			"sourceKind": kind,
		},
		"remediation": _malformed_pin_remediation,
		"key": name,
	}
}

_kind(model) := "hf" if {
	is_string(model.ref)
	startswith(model.ref, "hf:")
} else := "api" if {
	is_string(model.ref)
	startswith(model.ref, "api:")
} else := "other"

# A pin that fixes the weights: present, of a kind that fits the source, and not a moving
# alias. A revision that contradicts source@commit still pins (to one of the two); it is
# reported by malformed-pin only.
_pins(model, kind, name, value) if {
	value != null
	name in _pinning[kind]
	not _moving_alias(model, name, value)
}

_moving_alias(model, "snapshot", value) if _floating(model, value)

# What is wrong with a pin; undefined when nothing is.
_pin_problem(model, kind, name, value) := _wrong_kind[kind][name] if {
	not name in _pinning[kind]
} else := "the model's moving alias, not a dated snapshot: the provider can change it in place" if {
	name == "snapshot"
	_floating(model, value)
} else := concat("", ["differs from the commit ", _source_commit(model), " in source"]) if {
	name == "revision"
	lower(value) != _source_commit(model)
}

_wrong_kind := {
	"hf": {"snapshot": concat("", [
		"a snapshot names a dated API model;",
		" a Hugging Face model is pinned by its commit (revision) or a digest",
	])},
	"api": {
		"revision": "a revision is a Hugging Face commit; a hosted API model is pinned by its dated snapshot",
		"digest": concat("", [
			"a digest fixes weights you hold;",
			" a hosted API model serves none, so it is pinned by its dated snapshot",
		]),
	},
}

# A snapshot equal to the API model's own id, or "latest": an alias the provider moves.
_floating(model, snapshot) if lower(snapshot) == lower(_api_model_name(model))

_floating(_, snapshot) if lower(snapshot) == "latest"

_floating(_, snapshot) if endswith(lower(snapshot), "-latest")

# "deepseek-chat" for api:deepseek/deepseek-chat.
_api_model_name(model) := substring(model.ref, indexof(model.ref, "/") + 1, -1) if {
	_kind(model) == "api"
}

# The commit in source "hf:<org>/<repo>@<commit>", lower case.
_source_commit(model) := lower(parts[1]) if {
	is_string(model.source)
	startswith(model.source, "hf:")
	parts := split(model.source, "@")
	count(parts) == 2
}

_how_to_pin := {
	"hf": "give the commit as revision (or source hf:<org>/<repo>@<commit>) or a digest of the weights",
	"api": "give the dated snapshot the product calls",
	"other": "give a digest of the weights",
}

_source_phrase(model) := concat("", [" (", model.ref, ")"]) if {
	is_string(model.ref)
} else := ""

_source_path(model) := concat("", [model.path, "/source"]) if {
	model.source != null
} else := model.path
