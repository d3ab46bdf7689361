# METADATA
# title: Case-driven policy tests
# description: |
#   Every policy test is a case in policies/tests/cases/*.json (loaded by `opa test policies/`
#   as data.tests.cases): {description, input, data: {catalog, config}, expect}. The
#   *_test.rego files name the cases they run through `passes`; test/policy/replay.test.ts
#   runs every case again against the compiled dist/policy/policy.wasm with the same
#   matching rules, and fails if a test here is not such a case or a case is not named here.
#   So each `opa test` case also runs on the WASM build.
#
#   expect lists one entry per finding, in any order: a rule id, or a partial finding whose
#   top-level fields must each equal the finding's. An entry given k times matches exactly k
#   findings, every finding matches an entry, and the counts are equal: so the entries
#   partition the findings.
#
#   A case may set `only`: a list of rule ids and families ("origin/"); then only the
#   findings of those rules are compared, so a case about one family does not change when
#   another family adds a rule. Without `only`, every finding is compared.
package aibom.cases_test

_finding_fields := {"rule", "severity", "message", "subject", "file", "path", "evidence", "remediation", "key"}

# METADATA
# title: Case passes
# description: The findings of data.aibom.findings for case `name` are exactly what it expects.
# custom:
#   remediation: Fix the policy, or the case's expect list if the behaviour change is intended.
passes(name) if {
	# A test helper reads the cases and the entrypoint from data by design.
	# regal ignore:external-reference
	test_case := data.tests.cases[name]

	# regal ignore:external-reference
	all_findings := data.aibom.findings with input as test_case.input
		with data.catalog as test_case.data.catalog
		with data.config as test_case.data.config
	actual := [finding | some finding in all_findings; _selected(finding, test_case)]

	every finding in all_findings {
		_well_formed(finding)
	}
	count(actual) == count(test_case.expect)
	every expected in test_case.expect {
		count([finding | some finding in actual; _matches(finding, expected)]) == count([entry |
			some entry in test_case.expect
			entry == expected
		])
	}
	every finding in actual {
		some expected in test_case.expect
		_matches(finding, expected)
	}
}

_selected(_, test_case) if not "only" in object.keys(test_case)

_selected(finding, test_case) if {
	some wanted in test_case.only
	_rule_matches(finding.rule, wanted)
}

_rule_matches(rule, wanted) if rule == wanted

_rule_matches(rule, wanted) if {
	endswith(wanted, "/")
	startswith(rule, wanted)
}

_well_formed(finding) if {
	object.keys(finding) == _finding_fields
	finding.severity in {"error", "warning", "info"}
	finding.subject.kind in {"model", "host", "bom"}
	is_string(finding.subject.id)
	is_string(finding.message)
	is_object(finding.evidence)
}

_matches(finding, expected) if {
	is_string(expected)
	finding.rule == expected
}

_matches(finding, expected) if {
	is_object(expected)
	every field, value in expected {
		finding[field] == value
	}
}
