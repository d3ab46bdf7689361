# Each test runs one case of policies/tests/cases/governance.json (see policies/tests/cases_test.rego),
# here on OPA and in test/policy/replay.test.ts on the compiled WASM.
package aibom.rules.governance_test

import data.aibom.cases_test

test_old_catalog_is_info if cases_test.passes("governance_old_catalog_is_info")

test_fresh_catalog_has_no_finding if cases_test.passes("governance_fresh_catalog_has_no_finding")

test_catalog_at_the_limit_has_no_finding if cases_test.passes("governance_catalog_at_the_limit_has_no_finding")

test_max_age_is_a_parameter if cases_test.passes("governance_max_age_is_a_parameter")

test_unknown_age_has_no_finding if cases_test.passes("governance_unknown_age_has_no_finding")
