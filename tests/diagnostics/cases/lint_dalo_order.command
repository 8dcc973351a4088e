lint lint_dalo_order.yaml
