# Each test runs one case of policies/tests/cases/export.json (see policies/tests/cases_test.rego),
# here on OPA and in test/policy/replay.test.ts on the compiled WASM.
package aibom.rules.export_test

import data.aibom.cases_test

test_iran_host_is_an_error_on_each_list if cases_test.passes("export_iran_host_is_an_error_on_each_list")

test_iran_host_is_an_error_in_strict_too if cases_test.passes("export_iran_host_is_an_error_in_strict_too")

test_crimea_subdivision_is_found if cases_test.passes("export_crimea_subdivision_is_found")

test_unlisted_countries_have_no_finding if cases_test.passes("export_unlisted_countries_have_no_finding")

test_only_configured_lists_apply if cases_test.passes("export_only_configured_lists_apply")

test_country_on_list_counts_once_per_region if cases_test.passes("export_country_on_list_counts_once_per_region")
