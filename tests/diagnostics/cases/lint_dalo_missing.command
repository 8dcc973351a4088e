lint lint_dalo_missing.yaml
