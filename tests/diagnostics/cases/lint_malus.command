lint lint_malus.yaml
