lint lint_residence.yaml
