# Each test runs one case of policies/tests/cases/main.json (see policies/tests/cases_test.rego),
# here on OPA and in test/policy/replay.test.ts on the compiled WASM.
package aibom_test

import data.aibom.cases_test

test_empty_inventory_has_no_findings if cases_test.passes("main_empty_inventory_has_no_findings")

test_collects_every_family if cases_test.passes("main_collects_every_family")
