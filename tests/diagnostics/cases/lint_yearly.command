lint --as-of 2025-06-01 lint_yearly.yaml
