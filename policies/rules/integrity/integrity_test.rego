# Each test runs one case of policies/tests/cases/integrity.json (see policies/tests/cases_test.rego),
# here on OPA and in test/policy/replay.test.ts on the compiled WASM.
package aibom.rules.integrity_test

import data.aibom.cases_test

test_unpinned_models_warn if cases_test.passes("integrity_unpinned_models_warn")

test_unpinned_errors_in_strict if cases_test.passes("integrity_unpinned_errors_in_strict")

test_pinned_models_pass if cases_test.passes("integrity_pinned_models_pass")

test_pins_of_the_wrong_kind if cases_test.passes("integrity_pins_of_the_wrong_kind")

test_moving_aliases_and_conflicting_revisions if cases_test.passes("integrity_moving_aliases_and_conflicting_revisions")
