lint lint_errors.yaml lint_clean.yaml
