lint lint_protected.yaml
