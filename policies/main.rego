# METADATA
# title: AIBOM Guard entrypoint
# description: |
#   Collects the findings of every rule family. A family, built in or a team's own, is a
#   package aibom.rules.<family> with a partial set rule `findings`; this entrypoint picks it
#   up by iterating data.aibom.rules, so adding one never touches this file.
package aibom

# METADATA
# title: All findings
# description: |
#   Every finding of every package under data.aibom.rules, as one array. Each finding has
#   the PolicyFinding shape (rule, severity, message, subject, file, path, evidence,
#   remediation, key); the engine checks that shape and orders the list.
# entrypoint: true
# custom:
#   remediation: Follow the remediation of each finding's rule.
findings := [finding |
	# Reference iteration on purpose: it evaluates only the `findings` rule of each package,
	# on OPA and in WASM alike, where `some pkg in data.aibom.rules` would build every package.
	finding := data.aibom.rules[_].findings[_]
]
