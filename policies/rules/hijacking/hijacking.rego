# METADATA
# title: Agent hijacking
# description: |
#   How likely an agent built on a model is to follow instructions planted in what it reads
#   (agent hijacking). TypeScript resolves each model's effective rating
#   (input.models[_].hijacking): its own declared rating if it has a source, else the
#   catalog's (the stricter where both), else the stricter of its nearest rated ancestors
#   along weight-derived relations (never through distillation), else unrated. The rating
#   as declared, used or not, is in hijacking.declared. This package only decides.
package aibom.rules.hijacking

_high_risk_agent := "hijacking/high-risk-agent"

_unrated_agent := "hijacking/unrated-agent"

_unsourced_rating := "hijacking/unsourced-rating"

_failing_ratings := {rating | some rating in data.config.rules[_high_risk_agent].params.ratings}

default _warning_or_error := "warning"

_warning_or_error := "error" if input.context.profile == "strict"

# Kept equal to each rule's custom.remediation below (test/policy checks them against
# dist/policy/rules.json).
_high_risk_agent_remediation := concat(" ", [
	"Build the agent on a model with a lower published hijacking rating, or take away its",
	"tools (or confine them to read-only, sandboxed actions with human approval), and record",
	"a waiver with a reason, an approver and an expiry date only after a security review.",
])

_unrated_agent_remediation := concat(" ", [
	"Declare the model's agent-hijacking rating under risk.hijacking with its source, date",
	"and basis (for example from an AgentDojo or b3 evaluation), or add a sourced rating to",
	"the catalog with --data.",
])

_unsourced_rating_remediation := concat(" ", [
	"Add the source (a URL or citation) of the rating, with the evaluation date and basis,",
	"or remove the rating: without a source it is not used.",
])

# METADATA
# title: Agent with tools on a high-risk model
# description: |
#   An agentic model with tool access whose effective agent-hijacking rating is one of
#   params.ratings (default high, critical): declared with a source, from the catalog, or
#   inherited from a base through weight-derived relations unless the model has its own
#   sourced rating. The message names the rating's source, date and basis (absolute, or
#   relative to a reference set) and, when inherited, the ancestor. An error under every
#   profile.
# custom:
#   id: hijacking/high-risk-agent
#   remediation: >-
#     Build the agent on a model with a lower published hijacking rating, or take away its
#     tools (or confine them to read-only, sandboxed actions with human approval), and record
#     a waiver with a reason, an approver and an expiry date only after a security review.
findings contains finding if {
	some model in input.models
	model.use.agentic == true
	model.use.tools == true
	model.hijacking.rating in _failing_ratings

	finding := {
		"rule": _high_risk_agent,
		"severity": "error",
		"message": concat("", [
			model.id, " is an agent with tool access", _tool_list(model),
			" and its agent-hijacking rating is ", model.hijacking.rating, ": ", _rating_provenance(model),
		]),
		"subject": {"kind": "model", "id": model.id},
		"file": model.file,
		"path": _rating_path(model),
		"evidence": {
			"rating": model.hijacking.rating,
			"provenance": model.hijacking.provenance,
			"source": model.hijacking.source,
			"evaluated": model.hijacking.evaluated,
			"basis": model.hijacking.basis,
			"reference": _reference(model),
			"inheritedFrom": model.hijacking.inheritedFrom,
			"tools": model.use.toolNames,
		},
		"remediation": _high_risk_agent_remediation,
		"key": concat("|", [model.hijacking.rating, _rated_ref(model)]),
	}
}

# METADATA
# title: Agent without a hijacking rating
# description: |
#   An agentic model has no agent-hijacking rating: none declared with a source, none in
#   the catalog, none inherited from a weight-derived base. Its exposure to planted
#   instructions is unknown. An error under the strict profile, a warning otherwise.
# custom:
#   id: hijacking/unrated-agent
#   remediation: >-
#     Declare the model's agent-hijacking rating under risk.hijacking with its source, date
#     and basis (for example from an AgentDojo or b3 evaluation), or add a sourced rating to
#     the catalog with --data.
findings contains finding if {
	some model in input.models
	model.use.agentic == true
	model.hijacking.rating == "unrated"

	finding := {
		"rule": _unrated_agent,
		"severity": _warning_or_error,
		"message": concat("", [
			model.id, " acts as an agent", _with_tools(model), " but has no agent-hijacking rating:",
			" none is declared with a source, in the catalog, or inherited from a weight-derived base",
		]),
		"subject": {"kind": "model", "id": model.id},
		"file": model.file,
		"path": concat("", [model.path, "/use/agentic"]),
		"evidence": {
			"tools": model.use.tools,
			"toolNames": model.use.toolNames,
			"declared": object.get(model.hijacking, "declared", null),
		},
		"remediation": _unrated_agent_remediation,
		"key": "unrated",
	}
}

# METADATA
# title: Hijacking rating without a source
# description: |
#   The AIBOM declares an agent-hijacking rating for the model without saying where it comes
#   from. An unsourced rating is not used (a pull request cannot make a model look safer by
#   declaring it so): the model keeps the catalog's or its base's rating, or none. A warning
#   under every profile.
# custom:
#   id: hijacking/unsourced-rating
#   remediation: >-
#     Add the source (a URL or citation) of the rating, with the evaluation date and basis,
#     or remove the rating: without a source it is not used.
findings contains finding if {
	some model in input.models
	declared := model.hijacking.declared
	declared.rating != "unrated"
	declared.source == null

	finding := {
		"rule": _unsourced_rating,
		"severity": "warning",
		"message": concat("", [
			model.id, " declares agent-hijacking rating ", declared.rating,
			" without a source, so it is not used; ", _used_instead(model),
		]),
		"subject": {"kind": "model", "id": model.id},
		"file": model.file,
		"path": declared.path,
		"evidence": {
			"declared": declared.rating,
			"used": model.hijacking.rating,
			"provenance": model.hijacking.provenance,
		},
		"remediation": _unsourced_rating_remediation,
		"key": declared.rating,
	}
}

# " (shell, browser)" when the tools are named.
_tool_list(model) := "" if {
	count(model.use.toolNames) == 0
} else := concat("", [" (", concat(", ", model.use.toolNames), ")"])

_with_tools(model) := concat("", [" with tool access", _tool_list(model)]) if {
	model.use.tools == true
} else := ""

# "high, inherited from hf:x/y; rated by <source>, evaluated <date>, relative to a reference set (...)"
_rating_provenance(model) := concat("", [
	_origin_phrase[model.hijacking.provenance], _inherited_phrase(model),
	"rated by ", _or_unstated(model.hijacking.source),
	", evaluated ", _or_unstated(model.hijacking.evaluated),
	", ", _basis_phrase(model),
])

_origin_phrase := {
	"declared": "declared in the AIBOM; ",
	"catalog": "from the catalog; ",
	"inherited": "",
}

_inherited_phrase(model) := concat("", ["inherited from ", model.hijacking.inheritedFrom, "; "]) if {
	model.hijacking.provenance == "inherited"
} else := ""

_or_unstated(value) := value if {
	is_string(value)
} else := "(not stated)"

_basis_phrase(model) := "an absolute rate" if {
	model.hijacking.basis == "absolute"
} else := concat("", ["relative to a reference set (", _reference(model), ")"]) if {
	model.hijacking.basis == "relative"
	is_string(_reference(model))
} else := "relative to a reference set" if {
	model.hijacking.basis == "relative"
} else := "basis not stated"

# The model or ancestor the rating belongs to.
_rated_ref(model) := model.hijacking.inheritedFrom if {
	model.hijacking.provenance == "inherited"
} else := model.ref if {
	is_string(model.ref)
} else := model.id

# The reference set of a relative catalog rating (e.g. "12x the hijack rate of ..."), if any.
_reference(model) := rating.reference if {
	model.hijacking.provenance in {"catalog", "inherited"}
	rated := _rated_ref(model)
	some rating in data.catalog.hijackingRatings
	lower(rating.model) == lower(rated)
} else := null

# Where the rating comes from in the AIBOM: the declaration, the derivedFrom entry of the
# ancestor it is inherited from, or the source that names the catalog model.
_rating_path(model) := model.hijacking.declared.path if {
	model.hijacking.provenance == "declared"
} else := ancestor.path if {
	model.hijacking.provenance == "inherited"
	some ancestor in model.ancestors
	ancestor.ref == model.hijacking.inheritedFrom
} else := concat("", [model.path, "/source"]) if {
	model.source != null
} else := model.path

_used_instead(model) := concat("", [
	"the rating used is ", model.hijacking.rating, " (", model.hijacking.provenance,
	_from(model), ")",
]) if {
	model.hijacking.rating != "unrated"
} else := "the model counts as unrated"

_from(model) := concat("", [" from ", model.hijacking.inheritedFrom]) if {
	model.hijacking.provenance == "inherited"
} else := ""
