# Each test runs one case of policies/tests/cases/hijacking.json (see policies/tests/cases_test.rego),
# here on OPA and in test/policy/replay.test.ts on the compiled WASM.
package aibom.rules.hijacking_test

import data.aibom.cases_test

test_inherited_high_rating_fails_tool_agent if cases_test.passes("hijacking_inherited_high_rating_fails_tool_agent")

test_catalog_rating_fails_in_strict_too if cases_test.passes("hijacking_catalog_rating_fails_in_strict_too")

test_declared_critical_rating_fails if cases_test.passes("hijacking_declared_critical_rating_fails")

test_own_sourced_rating_shields_inheritance if cases_test.passes("hijacking_own_sourced_rating_shields_inheritance")

test_high_rating_without_tools_or_agency if cases_test.passes("hijacking_high_rating_without_tools_or_agency")

test_distillation_does_not_pass_a_rating if cases_test.passes("hijacking_distillation_does_not_pass_a_rating")

test_unrated_agent_errors_in_strict if cases_test.passes("hijacking_unrated_agent_errors_in_strict")

test_unsourced_ratings_are_reported_not_used if cases_test.passes("hijacking_unsourced_ratings_are_reported_not_used")

test_failing_ratings_are_a_parameter if cases_test.passes("hijacking_failing_ratings_are_a_parameter")

test_unstated_rating_facts_are_said_so if cases_test.passes("hijacking_unstated_rating_facts_are_said_so")

test_input_without_declared_still_decides if cases_test.passes("hijacking_input_without_declared_still_decides")
