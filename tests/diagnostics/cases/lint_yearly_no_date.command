lint lint_yearly.yaml
