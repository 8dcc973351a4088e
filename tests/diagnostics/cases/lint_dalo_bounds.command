lint lint_dalo_bounds.yaml
