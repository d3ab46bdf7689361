# Each test runs one case of policies/tests/cases/origin.json (see policies/tests/cases_test.rego),
# here on OPA and in test/policy/replay.test.ts on the compiled WASM.
package aibom.rules.origin_test

import data.aibom.cases_test

test_kimi_base_warns_in_baseline if cases_test.passes("origin_kimi_base_warns_in_baseline")

test_kimi_base_errors_in_strict if cases_test.passes("origin_kimi_base_errors_in_strict")

test_all_us_stack_has_no_finding if cases_test.passes("origin_all_us_stack_has_no_finding")

test_distilled_grandparent_is_found if cases_test.passes("origin_distilled_grandparent_is_found")

test_own_publisher_in_country_of_concern if cases_test.passes("origin_own_publisher_in_country_of_concern")

test_follows_ultimate_parent if cases_test.passes("origin_follows_ultimate_parent")

test_countries_come_from_config if cases_test.passes("origin_countries_come_from_config")

test_unknown_country_is_ignored if cases_test.passes("origin_unknown_country_is_ignored")

test_one_finding_per_base if cases_test.passes("origin_one_finding_per_base")

test_countries_from_catalog_list if cases_test.passes("origin_countries_from_catalog_list")

test_params_countries_and_list_combine if cases_test.passes("origin_params_countries_and_list_combine")

test_unknown_list_falls_back_to_countries if cases_test.passes("origin_unknown_list_falls_back_to_countries")
