"""Rule files: YAML that admins edit, validated strictly, never executed."""
