lint lint_clean.yaml
