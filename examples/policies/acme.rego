# METADATA
# title: ACME team rules
# description: An example of a team policy that runs beside the built-in rules.
package aibom.rules.acme

# Approved host countries: the config file's params, or US and CA by default.
default approved_countries := ["US", "CA"]

approved_countries := data.config.rules["acme/host-country"].params.countries

# METADATA
# title: Hosts only in approved countries
# description: ACME serves models only from hosts in countries its customers have approved.
# custom:
#   id: acme/host-country
#   remediation: Move the host to an approved region, or ask the platform team to add the country to params.countries.
findings contains finding if {
	some host in input.hosts
	some region in host.regions
	not region.country in approved_countries
	finding := {
		"rule": "acme/host-country",
		"severity": "error",
		"message": concat("", [host.id, " runs in ", region.country, ", which is not an approved host country"]),
		"subject": {"kind": "host", "id": host.id},
		"file": host.file,
		"path": region.path,
		"evidence": {"country": region.country, "approved": approved_countries},
		"key": region.country,
	}
}
