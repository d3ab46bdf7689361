package aibom.rules.acme_test

import data.aibom.rules.acme

host(country) := {
	"id": "gpu-box",
	"file": "aibom.yaml",
	"regions": [{"country": country, "subdivision": null, "path": "/hosts/gpu-box/country"}],
}

test_host_in_unapproved_country_is_reported if {
	some finding in acme.findings with input as {"hosts": [host("DE")]}
	finding.rule == "acme/host-country"
	finding.subject == {"kind": "host", "id": "gpu-box"}
}

test_host_in_approved_country_passes if {
	count(acme.findings) == 0 with input as {"hosts": [host("CA")]}
}

test_config_replaces_the_approved_list if {
	count(acme.findings) == 0 with input as {"hosts": [host("DE")]}
		with data.config.rules as {"acme/host-country": {"params": {"countries": ["DE"]}}}
}
